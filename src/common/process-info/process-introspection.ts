/**
 * What a JobManager or TaskManager process tells about itself through the REST API: its log
 * files, a thread dump and its metrics (the calls of protocol's ProcessInfoGateway). The
 * JobManager's REST layer calls it directly; a TaskManager's is reached through RPC.
 */
import { ErrorCode, SluiceError } from '../errors.js';
import { LogDirectory, type LogFileInfo } from './log-directory.js';
import type { ProcessLogFiles } from './process-log-files.js';
import { ProcessMetrics, type MetricValue } from './process-metrics.js';
import { threadDump, type KnownThread, type ThreadInfo } from './thread-dump.js';

/** Which file to serve: the process log, its stdout (`.out`), or a file of the log directory by name. */
export type LogFileSelector = { kind: 'log' } | { kind: 'stdout' } | { kind: 'file'; name: string };

export interface ProcessIntrospectionOptions {
  /** Names the process in messages, e.g. "the JobManager". */
  owner: string;
  /** The process's files; absent when it writes none (a mini cluster). */
  logFiles?: ProcessLogFiles;
  /** Worker threads the process can name (a TaskManager's slot workers). */
  knownThreads?: () => KnownThread[];
}

export class ProcessIntrospection {
  private readonly directory?: LogDirectory;
  private readonly metrics = new ProcessMetrics();

  constructor(private readonly opts: ProcessIntrospectionOptions) {
    if (opts.logFiles) this.directory = new LogDirectory(opts.logFiles.dir, opts.owner);
  }

  /** The log and .out files of the log directory (empty without log files). */
  async requestLogList(): Promise<LogFileInfo[]> {
    return this.directory ? this.directory.list() : [];
  }

  /** Name, size and mtime of the selected file. Rejects with BAD_REQUEST or NOT_FOUND naming it. */
  async requestLogFileInfo(file: LogFileSelector): Promise<LogFileInfo> {
    const { directory, logFiles } = this.files();
    return directory.info(file.kind === 'log' ? logFiles.logFile : file.kind === 'stdout' ? logFiles.outFile : file.name);
  }

  /** Up to `length` bytes (at most MAX_LOG_CHUNK) of a listed file at `offset`. */
  async readLogFile(name: string, offset: number, length: number): Promise<Uint8Array> {
    return this.files().directory.read(name, offset, length);
  }

  async requestThreadDump(): Promise<ThreadInfo[]> {
    return threadDump(this.opts.knownThreads?.() ?? []);
  }

  async requestMetrics(): Promise<MetricValue[]> {
    return this.metrics.sample();
  }

  private files(): { directory: LogDirectory; logFiles: ProcessLogFiles } {
    const { directory, opts } = this;
    if (directory && opts.logFiles) return { directory, logFiles: opts.logFiles };
    throw SluiceError.user(ErrorCode.NOT_FOUND, `${capitalized(opts.owner)} writes no log files: it runs embedded (a mini cluster), not as a process of its own.`);
  }
}

function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
