/**
 * The log and `.out` files of a JobManager or TaskManager process, as Flink's scripts name them
 * (`flink-<user>-standalonesession-<n>-<host>.log`): `sluice-<user>-<role>-<n>-<host>.log` for
 * the process log and `.out` for everything written to stdout and stderr (a job's `print()`
 * output on a TaskManager). `<n>` is the lowest index no live process of that role holds in the
 * directory, claimed with a `.lock` file holding the pid. Files of an earlier process with that
 * name are rotated first (`.log` → `.log.1` …, up to `env.log.max` old files), as Flink does.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { isAlive } from './is-alive.js';

/** Which process writes the files (the `sluice` command that runs it). */
export type ProcessRole = 'jobmanager' | 'taskmanager';

/** The files of the running process: names relative to `dir`. */
export interface ProcessLogFiles {
  dir: string;
  /** The process log (pino JSON lines). */
  logFile: string;
  /** stdout and stderr of the process. */
  outFile: string;
}

function userName(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry for the uid (containers).
    return process.env.USER ?? 'unknown';
  }
}

/** Claims the lock of index `n`; false when a live process holds it. */
function claim(lock: string): boolean {
  try {
    closeSync(openSync(lock, 'wx'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number(readFileSync(lock, 'utf8').trim());
    // A lock just created by another process may not hold its pid yet: treat it as held.
    if (!Number.isInteger(holder) || holder <= 0 || (holder !== process.pid && isAlive(holder))) return false;
  }
  writeFileSync(lock, `${process.pid}\n`);
  return true;
}

/** `file` → `file.1` → … → `file.<keep>`; the oldest beyond `keep` is dropped. */
function rotate(file: string, keep: number): void {
  if (!existsSync(file)) return;
  if (keep <= 0) return rmSync(file, { force: true });
  rmSync(`${file}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i--) if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
  renameSync(file, `${file}.1`);
}

/**
 * Picks this process's file names in `dir` (created if missing), rotates old files of that name,
 * and removes the lock when the process exits. `keep` is `env.log.max`.
 */
export function claimProcessLogFiles(dir: string, role: ProcessRole, keep: number): ProcessLogFiles {
  mkdirSync(dir, { recursive: true });
  const host = hostname();
  for (let n = 0; ; n++) {
    const prefix = `sluice-${userName()}-${role}-${n}-${host}`;
    const lock = join(dir, `${prefix}.lock`);
    if (!claim(lock)) continue;
    process.on('exit', () => rmSync(lock, { force: true }));
    const files = { dir, logFile: `${prefix}.log`, outFile: `${prefix}.out` };
    rotate(join(dir, files.logFile), keep);
    rotate(join(dir, files.outFile), keep);
    return files;
  }
}

/**
 * Copies everything the process writes to stdout and stderr into `outFile`, while it still goes
 * to the terminal (Flink's foreground mode prints; its daemons write `.out`: Sluice does both).
 * Worker threads' output reaches the process's streams, so it is copied too. Writes are
 * synchronous, so a line is in the file before anything the process does after writing it.
 */
export function teeOutputToFile(outFile: string): void {
  const fd = openSync(outFile, 'a');
  let copying = true;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      const encoding = typeof rest[0] === 'string' ? (rest[0] as BufferEncoding) : 'utf8';
      try {
        if (copying) writeSync(fd, typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
      } catch (err) {
        // A full disk must not fail whoever printed (a task's print() sink): the terminal still gets it.
        copying = false;
        write(`Stopped copying output to ${outFile}: ${(err as Error).message}\n`);
      }
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
}
