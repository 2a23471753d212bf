/** `npm start` (`sluice start-local`): a JobManager and a TaskManager in the foreground; SIGINT (Ctrl-C) stops both. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SLUICE_BIN, SluiceProcess, alive, execFileAsync, freePort, waitFor } from './helpers/processes.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('start-local runs both processes, each writing its log and .out files too, and Ctrl-C stops them', async () => {
  const restPort = await freePort();
  const rpcPort = await freePort();
  const logDir = mkdtempSync(join(tmpdir(), 'sluice-local-'));
  const child = spawn(process.execPath, [SLUICE_BIN, 'start-local', '-D', `rest.port=${restPort}`, '-D', `jobmanager.rpc.port=${rpcPort}`, '-D', 'jobmanager.rpc.address=127.0.0.1', '-D', `env.log.dir=${logDir}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const local = new SluiceProcess('start-local', child);
  let children: number[] = [];
  try {
    await waitFor('the local TaskManager to register', async () => {
      const overview = (await (await fetch(`http://127.0.0.1:${restPort}/overview`)).json()) as { taskmanagers: number; 'slots-total': number };
      return overview.taskmanagers === 1 ? overview : undefined;
    });
    assert.match(local.stdout, new RegExp(`REST API and Web UI at http://localhost:${restPort}`));
    const files = readdirSync(logDir).filter((f) => /\.(log|out)$/.test(f)).map((f) => f.replace(/^sluice-.+?-(jobmanager|taskmanager)-0-.+\.(log|out)$/, '$1.$2')).sort();
    assert.deepEqual(files, ['jobmanager.log', 'jobmanager.out', 'taskmanager.log', 'taskmanager.out']);
    assert.match(local.stderr, /"msg":"Registered at the ResourceManager"/, 'logs still reach the terminal');
    const { stdout } = await execFileAsync('ps', ['-o', 'pid=', '--ppid', String(local.pid)]);
    children = stdout.split('\n').map((s) => Number(s.trim())).filter((n) => n > 0);
    assert.equal(children.length, 2, 'a JobManager and a TaskManager process');
    process.kill(local.pid, 'SIGINT');
    await local.exited;
    await waitFor('both processes to exit', () => (children.every((pid) => !alive(pid)) ? true : undefined), 15_000);
  } finally {
    await local.stop();
    for (const pid of children) if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(logDir, { recursive: true, force: true });
  }
});
