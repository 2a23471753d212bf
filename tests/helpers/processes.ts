/**
 * Test harness for real Sluice processes: starts JobManagers and TaskManagers from the built
 * `bin/sluice.js` on free 127.0.0.1 ports, captures their output, waits on conditions, and
 * stops every process it started by pid.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SLUICE_BIN = join(ROOT, 'bin/sluice.js');
export const execFileAsync = promisify(execFile);

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Pids of the live child processes of `parentPid` whose command line contains `match` (Linux /proc). */
export function childProcesses(parentPid: number, match: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name in field 2 may hold spaces and parentheses: the fields after it follow the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== parentPid || state === 'Z') continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(match)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Whether a process with this pid is alive (the CLI's own check). */
export { isAlive as alive } from '../../src/entrypoint/process-control.js';

/** Thrown by a probe to stop waiting at once (e.g. the process being waited on died). */
export class GiveUp extends Error {}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      if (err instanceof GiveUp) throw err;
      lastError = err;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A started Sluice process with its captured output. */
export class SluiceProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(readonly name: string, readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (this.stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    process.kill(this.pid, 'SIGTERM');
    const timer = setTimeout(() => this.child.exitCode === null && process.kill(this.pid, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** How to start a process's node: extra node flags (e.g. `--prof` for the benchmark) and working directory. */
export interface NodeLaunchOptions {
  nodeArgs?: string[];
  cwd?: string;
}

/** A JobManager plus TaskManagers started for one test. */
export class TestCluster {
  readonly processes: SluiceProcess[] = [];
  restPort = 0;
  rpcPort = 0;
  readonly workDir = mkdtempSync(join(tmpdir(), 'sluice-test-'));

  constructor(private readonly extraConfig: string[] = []) {}

  /** env.log.dir of every process of the cluster. */
  get logDir(): string {
    return join(this.workDir, 'log');
  }

  get restUrl(): string {
    return `http://127.0.0.1:${this.restPort}`;
  }

  private spawn(name: string, args: string[], launch: NodeLaunchOptions = {}): SluiceProcess {
    // Log and .out files go to the test's work dir (removed by stop()), not ./log.
    const config = [`env.log.dir=${this.logDir}`, ...this.extraConfig, `jobmanager.rpc.address=127.0.0.1`, `jobmanager.rpc.port=${this.rpcPort}`, `rest.port=${this.restPort}`, 'rest.address=127.0.0.1', 'taskmanager.host=127.0.0.1'];
    const child = spawn(process.execPath, [...(launch.nodeArgs ?? []), SLUICE_BIN, ...args, ...config.flatMap((c) => ['-D', c])], { stdio: ['ignore', 'pipe', 'pipe'], cwd: launch.cwd });
    const p = new SluiceProcess(name, child);
    this.processes.push(p);
    return p;
  }

  /** Starts a JobManager; with `samePorts`, on the ports of the previous one (a restart). */
  async startJobManager(samePorts = false, launch: NodeLaunchOptions = {}): Promise<SluiceProcess> {
    if (!samePorts) {
      this.restPort = await freePort();
      this.rpcPort = await freePort();
    }
    const jm = this.spawn('jobmanager', ['jobmanager', '-D', `jobmanager.work.dir=${join(this.workDir, 'jm')}`], launch);
    await waitFor('the JobManager REST API', async () => {
      if (jm.child.exitCode !== null) throw new GiveUp(`The JobManager exited with code ${jm.child.exitCode}:\n${jm.stderr}`);
      return (await fetch(`${this.restUrl}/overview`)).ok ? true : undefined;
    });
    return jm;
  }

  /**
   * Starts a TaskManager; with `waitForRegistration`, waits until the JobManager lists it.
   * `config` adds `-D` options of this TaskManager only (e.g. its resource id).
   */
  async startTaskManager(slots: number, waitForRegistration = true, launch: NodeLaunchOptions = {}, config: string[] = []): Promise<SluiceProcess> {
    const before = waitForRegistration ? await this.taskManagerCount() : 0;
    const i = this.processes.filter((p) => p.name.startsWith('taskmanager')).length;
    const args = ['taskmanager', '-D', `taskmanager.numberOfTaskSlots=${slots}`, '-D', `taskmanager.work.dir=${join(this.workDir, `tm-${i}`)}`, ...config.flatMap((c) => ['-D', c])];
    const tm = this.spawn(`taskmanager-${i}`, args, launch);
    if (waitForRegistration) {
      await waitFor('the TaskManager to register', async () => {
        if (tm.child.exitCode !== null) throw new GiveUp(`The TaskManager exited with code ${tm.child.exitCode}:\n${tm.stderr}`);
        return (await this.taskManagerCount()) > before ? true : undefined;
      });
    }
    return tm;
  }

  async taskManagerCount(): Promise<number> {
    const res = await fetch(`${this.restUrl}/taskmanagers`);
    return ((await res.json()) as { taskmanagers: unknown[] }).taskmanagers.length;
  }

  async getJson<T = Record<string, unknown>>(path: string): Promise<T> {
    const res = await fetch(`${this.restUrl}${path}`);
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** Uploads a job package through `POST /jars/upload`; returns the jar id. */
  async uploadJar(path: string): Promise<string> {
    const form = new FormData();
    form.append('jarfile', new Blob([readFileSync(path)]), basename(path));
    const res = await fetch(`${this.restUrl}/jars/upload`, { method: 'POST', body: form });
    if (!res.ok) throw new Error(`Upload failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { filename: string }).filename.split('/').pop()!;
  }

  /** Runs an uploaded package through `POST /jars/:id/run`; returns the job id. */
  async runJar(jarId: string, body: Record<string, unknown>): Promise<string> {
    const res = await fetch(`${this.restUrl}/jars/${jarId}/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`Run failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { jobid: string }).jobid;
  }

  /** Waits until the job is in a globally terminal state and returns its details. */
  async waitForJobEnd(jobId: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    let last: unknown;
    try {
      return await waitFor(`job ${jobId} to end`, async () => {
        const job = (last = await this.getJson(`/jobs/${jobId}`));
        return ['FINISHED', 'FAILED', 'CANCELED'].includes(job.state as string) ? job : undefined;
      }, timeoutMs);
    } catch (err) {
      throw new Error(`${(err as Error).message}\nlast seen: ${JSON.stringify(last)}\n${this.output()}`);
    }
  }

  /** Stops every process started, TaskManagers first, by pid. */
  async stop(): Promise<void> {
    for (const p of [...this.processes].reverse()) await p.stop();
    rmSync(this.workDir, { recursive: true, force: true });
  }

  /** Everything the processes printed, for failure messages. */
  output(): string {
    return this.processes.map((p) => `--- ${p.name} stdout\n${p.stdout}\n--- ${p.name} stderr\n${p.stderr.slice(-4000)}`).join('\n');
  }
}

/** Runs `sluice package <entry> -o <out>`. */
export async function packageJob(entry: string, out: string): Promise<void> {
  await execFileAsync(process.execPath, [SLUICE_BIN, 'package', entry, '-o', out], { cwd: ROOT });
}
