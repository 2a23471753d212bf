/**
 * A process's log directory as the REST API shows it (Flink's LogListInfo and file handlers):
 * the log and `.out` files in it, each read in bounded, positioned chunks so a huge file is never
 * loaded whole. Only files listed here can be read, so a request cannot name anything else.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, SluiceError } from '../errors.js';

/** One file of a log directory (Flink's LogInfo); `mtime` in ms since the epoch. */
export interface LogFileInfo {
  name: string;
  size: number;
  mtime: number;
}

/** Largest chunk one read returns, so a read crossing RPC stays a small frame. */
export const MAX_LOG_CHUNK = 1024 * 1024;

/** Log files, `.out` files and their rotated copies (`x.log.1`); lock files and the rest are not shown. */
const LOG_FILE_NAME = /\.(log|out)(\.\d+)?$/;

/** Rejects names that could point outside the directory (BAD_REQUEST naming the file). */
export function checkLogFileName(name: string): void {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name) || name.includes('..')) {
    throw SluiceError.user(ErrorCode.BAD_REQUEST, `Invalid log file name '${name}': a name may not contain '/', '\\' or '..'.`);
  }
}

/** The log files of one directory; `owner` names the process in messages ("the JobManager"). */
export class LogDirectory {
  constructor(readonly dir: string, private readonly owner: string) {}

  /** The log and .out files, newest first (Flink's UI shows the list as given). */
  async list(): Promise<LogFileInfo[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const infos = await Promise.all(names.filter((n) => LOG_FILE_NAME.test(n)).map((n) => this.statFile(n)));
    return infos.filter((i): i is LogFileInfo => i !== undefined).sort((a, b) => b.mtime - a.mtime || a.name.localeCompare(b.name));
  }

  /** Size and mtime of a listed file; BAD_REQUEST for a name with a path in it, NOT_FOUND otherwise. */
  async info(name: string): Promise<LogFileInfo> {
    checkLogFileName(name);
    const info = LOG_FILE_NAME.test(name) ? await this.statFile(name) : undefined;
    if (!info) throw SluiceError.user(ErrorCode.NOT_FOUND, `Log file '${name}' does not exist in the log directory of ${this.owner}.`);
    return info;
  }

  /** Up to `length` bytes (at most MAX_LOG_CHUNK) at `offset`, by one positioned read. */
  async read(name: string, offset: number, length: number): Promise<Uint8Array> {
    await this.info(name);
    const fh = await open(join(this.dir, name), 'r');
    try {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, MAX_LOG_CHUNK)));
      const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  private async statFile(name: string): Promise<LogFileInfo | undefined> {
    try {
      const s = await stat(join(this.dir, name));
      return s.isFile() ? { name, size: s.size, mtime: Math.floor(s.mtimeMs) } : undefined;
    } catch {
      // Rotated or removed between readdir and stat.
      return undefined;
    }
  }
}
