/**
 * `writeAsText(path)`: each subtask writes its records as lines of one file (Flink's
 * TextOutputFormat on a local file system). At parallelism 1 `path` is the file; otherwise it is
 * a directory and subtask i writes `path/<i+1>`. NO_OVERWRITE fails on an existing file (an
 * existing directory is reused for parallel output); OVERWRITE replaces it. Lines are written
 * synchronously once per batch, so a slow disk slows the task (and, by backpressure, its
 * producers) instead of buffering.
 */
import { mkdir, open, rm, stat, type FileHandle } from 'node:fs/promises';
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import type { TaskInfo } from '../api/functions.js';
import { WriteMode } from '../api/sinks.js';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import { LineBatcher } from './line-batcher.js';
import { describeOperator } from './operator-errors.js';
import { formatRecord } from './record-format.js';
import type { StreamOperator } from './stream-operator.js';

export class TextFileSinkOperator implements StreamOperator {
  private file: FileHandle | undefined;
  private filePath = '';
  private description = '';
  private readonly lines = new LineBatcher((text) => this.write(text));
  /** A failed batch write (in a microtask): thrown from the next call the task makes. */
  private writeError: SluiceError | undefined;

  constructor(private readonly path: string, private readonly writeMode: WriteMode) {}

  async open(info: TaskInfo): Promise<void> {
    this.description = describeOperator(info);
    const parallel = info.getNumberOfParallelSubtasks() > 1;
    this.filePath = parallel ? join(this.path, String(info.getIndexOfThisSubtask() + 1)) : this.path;
    try {
      await (parallel ? this.prepareDirectory() : this.prepareFile());
      this.file = await open(this.filePath, this.writeMode === WriteMode.OVERWRITE ? 'w' : 'wx');
    } catch (err) {
      throw this.ioError(err);
    }
  }

  processElement(record: unknown): void {
    if (this.writeError !== undefined) throw this.writeError;
    this.lines.add(formatRecord(record));
  }

  finish(): void {
    this.lines.flush();
    if (this.writeError !== undefined) throw this.writeError;
  }

  async close(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.close();
  }

  /** Single-file output: OVERWRITE removes a directory in the way; 'wx' rejects any file in NO_OVERWRITE. */
  private async prepareFile(): Promise<void> {
    if (this.writeMode === WriteMode.OVERWRITE && (await isDirectory(this.path))) await rm(this.path, { recursive: true, force: true });
  }

  /** Parallel output: reuse the directory, or replace a file in its place in OVERWRITE mode. */
  private async prepareDirectory(): Promise<void> {
    const existing = await stat(this.path).catch(() => undefined);
    if (existing !== undefined && !existing.isDirectory()) {
      if (this.writeMode !== WriteMode.OVERWRITE) throw alreadyExists();
      await rm(this.path, { force: true });
    }
    await mkdir(this.path, { recursive: true });
  }

  private write(text: string): void {
    if (this.file === undefined || this.writeError !== undefined) return;
    try {
      const bytes = Buffer.from(text);
      for (let done = 0; done < bytes.length; ) done += writeSync(this.file.fd, bytes, done);
    } catch (err) {
      this.writeError = this.ioError(err);
    }
  }

  private ioError(err: unknown): SluiceError {
    const reason = (err as NodeJS.ErrnoException).code === 'EEXIST' ? alreadyExists().message : errorMessage(err);
    return SluiceError.user(ErrorCode.TASK_FAILED, `${this.description} cannot write '${this.filePath}': ${reason}`, err);
  }
}

function alreadyExists(): Error {
  return new Error(
    'File or directory already exists. Existing files and directories are not overwritten in NO_OVERWRITE mode. ' +
      'Use OVERWRITE mode to overwrite existing files and directories.',
  );
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}
