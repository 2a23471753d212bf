/** `npm start` (`sluice start-local`): a JobManager and a TaskManager in the foreground; SIGINT (Ctrl-C) stops both. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SLUICE_BIN, SluiceProcess, alive, execFileAsync, freePort, waitFor } from './helpers/processes.js';
import { spawn } from 'node:child_process';

test('start-local runs both processes and Ctrl-C stops them', async () => {
  const restPort = await freePort();
  const rpcPort = await freePort();
  const child = spawn(process.execPath, [SLUICE_BIN, 'start-local', '-D', `rest.port=${restPort}`, '-D', `jobmanager.rpc.port=${rpcPort}`, '-D', 'jobmanager.rpc.address=127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const local = new SluiceProcess('start-local', child);
  let children: number[] = [];
  try {
    await waitFor('the local TaskManager to register', async () => {
      const overview = (await (await fetch(`http://127.0.0.1:${restPort}/overview`)).json()) as { taskmanagers: number; 'slots-total': number };
      return overview.taskmanagers === 1 ? overview : undefined;
    });
    assert.match(local.stdout, new RegExp(`REST API and Web UI at http://localhost:${restPort}`));
    const { stdout } = await execFileAsync('ps', ['-o', 'pid=', '--ppid', String(local.pid)]);
    children = stdout.split('\n').map((s) => Number(s.trim())).filter((n) => n > 0);
    assert.equal(children.length, 2, 'a JobManager and a TaskManager process');
    process.kill(local.pid, 'SIGINT');
    await local.exited;
    await waitFor('both processes to exit', () => (children.every((pid) => !alive(pid)) ? true : undefined), 15_000);
  } finally {
    await local.stop();
    for (const pid of children) if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
});
