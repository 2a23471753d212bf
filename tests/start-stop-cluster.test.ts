/** `sluice start-cluster` runs a JobManager and TaskManagers in the background; `stop-cluster` stops them by pid file. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SLUICE_BIN, alive, execFileAsync, freePort, waitFor } from './helpers/processes.js';

test('start-cluster with two TaskManagers (each with its log file), then stop-cluster', async () => {
  const logDir = mkdtempSync(join(tmpdir(), 'sluice-cluster-'));
  const restPort = await freePort();
  const rpcPort = await freePort();
  const args = ['-D', `rest.port=${restPort}`, '-D', `jobmanager.rpc.port=${rpcPort}`, '-D', 'jobmanager.rpc.address=127.0.0.1', '-D', `env.log.dir=${logDir}`];
  const pids = (): number[] => readdirSync(logDir).filter((f) => f.endsWith('.pid')).map((f) => Number(readFileSync(join(logDir, f), 'utf8')));
  try {
    const started = await execFileAsync(process.execPath, [SLUICE_BIN, 'start-cluster', '--taskmanagers', '2', ...args]);
    assert.match(started.stdout, new RegExp(`http://localhost:${restPort}`));
    assert.equal(pids().length, 3);
    await waitFor('two TaskManagers to register', async () => {
      const overview = (await (await fetch(`http://127.0.0.1:${restPort}/overview`)).json()) as { taskmanagers: number; 'slots-total': number };
      return overview.taskmanagers === 2 ? overview : undefined;
    });
    const logs = readdirSync(logDir).filter((f) => f.endsWith('.log')).map((f) => f.replace(/^sluice-.+?-(\w+-\d)-.+\.log$/, '$1')).sort();
    assert.deepEqual(logs, ['jobmanager-0', 'taskmanager-0', 'taskmanager-1'], 'each daemon writes its own log file');
    const running = pids();
    const stopped = await execFileAsync(process.execPath, [SLUICE_BIN, 'stop-cluster', ...args]);
    assert.match(stopped.stdout, /Stopped .*jobmanager/);
    for (const pid of running) assert.equal(alive(pid), false, `process ${pid} still runs`);
    assert.equal(pids().length, 0);
  } finally {
    for (const pid of pids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(logDir, { recursive: true, force: true });
  }
});
