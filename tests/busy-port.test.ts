/**
 * A process whose port is taken says which port and which key sets it, in one line, and exits 1:
 * `npm start` (start-local), `sluice jobmanager` and `sluice taskmanager`, against a port this
 * test holds. A JobManager also warns, one line each, about keys it accepts but does not act on.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SLUICE_BIN, SluiceProcess } from './helpers/processes.js';

const logDir = mkdtempSync(join(tmpdir(), 'sluice-busy-port-'));
const holder: Server = createServer();
await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
const held = (holder.address() as { port: number }).port;
after(async () => {
  await new Promise<void>((resolve) => holder.close(() => resolve()));
  rmSync(logDir, { recursive: true, force: true });
});

/** Runs `sluice <command> <args>` to its end; every port `args` does not set is 0 (free), as -D's later value wins. */
async function runToExit([command, ...args]: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const free = ['rest.port=0', 'jobmanager.rpc.port=0', 'jobmanager.rpc.address=127.0.0.1', `env.log.dir=${logDir}`].flatMap((d) => ['-D', d]);
  const child = spawn(process.execPath, [SLUICE_BIN, command!, ...free, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = new SluiceProcess(command!, child);
  try {
    return { code: await proc.exited, stdout: proc.stdout, stderr: proc.stderr };
  } finally {
    await proc.stop();
  }
}

const inUse = (key: string): string => `sluice: Port ${held} on 127.0.0.1 is already in use: choose another with ${key} (-D ${key}=<port>; 0 picks a free one)\n`;

for (const [command, key] of [
  ['jobmanager', 'rest.port'],
  ['jobmanager', 'jobmanager.rpc.port'],
  ['taskmanager', 'taskmanager.rpc.port'],
  ['taskmanager', 'taskmanager.data.port'],
] as const) {
  test(`sluice ${command} with ${key} taken: one line naming the port and the key, exit code 1`, async () => {
    const { code, stderr } = await runToExit([command, '-D', `${key}=${held}`]);
    assert.equal(code, 1);
    assert.ok(stderr.endsWith(inUse(key)), stderr);
    assert.equal(stderr.split('\n').filter((l) => l.startsWith('sluice:')).length, 1, stderr);
  });
}

test('npm start (start-local) with rest.port taken: the error line, no URL, exit code 1', async () => {
  const { code, stdout, stderr } = await runToExit(['start-local', '-D', `rest.port=${held}`]);
  assert.equal(code, 1);
  assert.ok(stderr.includes(inUse('rest.port')), stderr);
  assert.doesNotMatch(stdout, /REST API and Web UI at/);
});

test('start-local prints the URL with the port the JobManager listens on', async () => {
  const child = spawn(process.execPath, [SLUICE_BIN, 'start-local', '-D', 'rest.port=0', '-D', 'jobmanager.rpc.port=0', '-D', `env.log.dir=${logDir}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const local = new SluiceProcess('start-local', child);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', () => {
        const m = /REST API and Web UI at http:\/\/localhost:(\d+) /.exec(local.stdout);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', () => reject(new Error(`start-local ended: ${local.stderr}`)));
    });
    assert.ok(port > 0);
    assert.equal((await fetch(`http://127.0.0.1:${port}/config`)).status, 200);
  } finally {
    await local.stop();
  }
});

test('a JobManager warns once per key it accepts but does not act on, naming the key as written', async () => {
  const { stderr } = await runToExit(['jobmanager', '-D', `rest.port=${held}`, '-D', 'high-availability=zookeeper', '-D', 'execution.checkpointing.unaligned.enabled=true', '-D', 'pipeline.object-reuse=false']);
  const warnings = stderr.split('\n').filter((l) => l.includes('not yet acted on')).map((l) => (JSON.parse(l) as { level: number; msg: string }));
  assert.deepEqual(warnings.map((w) => w.msg), ['execution.checkpointing.unaligned.enabled is accepted, not yet acted on', 'high-availability is accepted, not yet acted on']);
  assert.ok(warnings.every((w) => w.level === 40), 'logged as warnings');
});
