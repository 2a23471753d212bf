/**
 * Starting and stopping Sluice processes for `start-cluster`, `stop-cluster` and `start-local`:
 * child processes of this same command, tracked by pid files, stopped by pid (never by name).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive } from '../common/process-info/is-alive.js';

const SLUICE_BIN = fileURLToPath(new URL('../../bin/sluice.js', import.meta.url));

/** What a `sluice jobmanager` started with an IPC channel sends its parent once it listens. */
export interface JobManagerReady {
  restPort: number;
}

/** Tells the parent, if it gave this process an IPC channel, that the JobManager is listening. */
export function reportJobManagerReady(ready: JobManagerReady): void {
  if (!process.send) return;
  process.send(ready);
  process.disconnect();
}

/**
 * Starts `sluice <args>` as a child. Detached children outlive us with no terminal: they write
 * their output only to their own log and .out files. With `ipc`, the child gets an IPC channel
 * (for reportJobManagerReady).
 */
export function spawnSluice(args: string[], opts: { detached: boolean; ipc?: boolean }): ChildProcess {
  if (opts.detached) {
    const child = spawn(process.execPath, [SLUICE_BIN, ...args], { detached: true, stdio: 'ignore' });
    child.unref();
    return child;
  }
  return spawn(process.execPath, [SLUICE_BIN, ...args], { stdio: opts.ipc ? ['inherit', 'inherit', 'inherit', 'ipc'] : 'inherit' });
}

/** Records a background process in `<pidDir>/<name>.pid`. */
export function writePidFile(pidDir: string, name: string, pid: number): void {
  mkdirSync(pidDir, { recursive: true });
  writeFileSync(join(pidDir, `${name}.pid`), `${pid}\n`);
}

export { isAlive } from '../common/process-info/is-alive.js';

/** Sends SIGTERM to every process with a pid file in `pidDir`, waits for them, removes the files. */
export async function stopByPidFiles(pidDir: string, timeoutMs = 15_000): Promise<string[]> {
  if (!existsSync(pidDir)) return [];
  const stopped: string[] = [];
  const files = readdirSync(pidDir).filter((f) => f.endsWith('.pid'));
  // TaskManagers first, so they do not spend their last seconds looking for a JobManager.
  files.sort((a, b) => Number(a.includes('jobmanager')) - Number(b.includes('jobmanager')));
  for (const file of files) {
    const path = join(pidDir, file);
    const pid = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      process.kill(pid, 'SIGTERM');
      await waitForExit(pid, timeoutMs);
      stopped.push(`${file.replace(/\.pid$/, '')} (pid ${pid})`);
    }
    rmSync(path, { force: true });
  }
  return stopped;
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
