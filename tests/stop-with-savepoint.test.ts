/**
 * Stop-with-savepoint on real processes (issue 14): `sluice stop` takes a savepoint of a running
 * keyed counting job, whose sources then end, so the job ends FINISHED; the savepoint's `_metadata`
 * is of type SAVEPOINT, and the same program run from it continues every key's count exactly where
 * the stopped job's output ended (nothing was emitted past the savepoint). A stop into an
 * unwritable target (`POST /jobs/:id/stop`) fails with the cause, and the job keeps running.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KEYS, countsOf, startCountCluster } from './helpers/checkpointed-count.js';
import { ROOT, SLUICE_BIN, TestCluster, execFileAsync, waitFor } from './helpers/processes.js';

const COUNT = 8000;
const cluster = new TestCluster([]);
let jarId: string;

before(async () => {
  jarId = await startCountCluster(cluster);
});

after(async () => {
  await cluster.stop();
});

/** Runs CheckpointedCount at parallelism 2 writing under `out`, `perSecond` numbers a second, checkpointing every 200 ms. */
async function runCount(out: string, perSecond: number, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(`${cluster.restUrl}/jars/${jarId}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      entryClass: 'CheckpointedCount',
      parallelism: 2,
      programArgsList: [String(COUNT), String(perSecond), out, '200'],
      flinkConfiguration: { 'execution.checkpointing.dir': join(cluster.workDir, 'checkpoints') },
      ...extra,
    }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as { jobid: string }).jobid;
}

async function jobState(jobId: string): Promise<string> {
  return (await cluster.getJson<{ state: string }>(`/jobs/${jobId}`)).state;
}

test('sluice stop ends a running keyed job FINISHED with a SAVEPOINT, and a run from it continues every key\'s count exactly', async () => {
  const first = join(cluster.workDir, 'first');
  const jobId = await runCount(first, 400);
  await waitFor('every key counted', () => (countsOf(first).size === KEYS ? true : undefined), 60_000);
  const target = join(cluster.workDir, 'savepoints');
  const { stdout } = await execFileAsync(process.execPath, [SLUICE_BIN, 'stop', '-m', `127.0.0.1:${cluster.restPort}`, '-p', target, jobId], { cwd: ROOT });
  const path = /^Savepoint completed\. Path: (.+)$/m.exec(stdout)?.[1] ?? '';
  assert.equal(stdout, `Suspending job "${jobId}" with a savepoint.\nSavepoint completed. Path: ${path}\n`);
  assert.match(path, new RegExp(`^${target}/savepoint-${jobId.slice(0, 6)}-[0-9a-f]{12}$`));
  assert.equal((await cluster.waitForJobEnd(jobId)).state, 'FINISHED');
  assert.equal((JSON.parse(readFileSync(join(path, '_metadata'), 'utf8')) as { type: string }).type, 'SAVEPOINT');
  const stoppedAt = countsOf(first);
  assert.ok([...stoppedAt.values()].every((ns) => ns.length < COUNT / KEYS), 'the job stopped before its generator was exhausted');

  const second = join(cluster.workDir, 'second');
  const restored = await runCount(second, 20_000, { savepointPath: path });
  assert.equal((await cluster.waitForJobEnd(restored, 120_000)).state, 'FINISHED');
  const counts = countsOf(second);
  assert.equal(counts.size, KEYS);
  for (const [k, ns] of counts) {
    const last = Math.max(...stoppedAt.get(k)!);
    assert.deepEqual(ns, Array.from({ length: COUNT / KEYS - last }, (_, i) => last + 1 + i), `key ${k} counts on from ${last + 1}, each once, up to ${COUNT / KEYS}`);
  }
});

test('a stop into an unwritable target fails with the cause, and the job keeps running', async () => {
  const out = join(cluster.workDir, 'unwritable');
  const jobId = await runCount(out, 400);
  // Its tasks all run once every key was counted.
  await waitFor('every key counted', () => (countsOf(out).size === KEYS ? true : undefined), 60_000);
  const file = join(cluster.workDir, 'a-file');
  await writeFile(file, '');
  const res = await fetch(`${cluster.restUrl}/jobs/${jobId}/stop`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ targetDirectory: join(file, 'savepoints'), drain: false }) });
  assert.equal(res.status, 202);
  const { 'request-id': triggerId } = (await res.json()) as { 'request-id': string };
  const operation = await waitFor('the stop to complete', async () => {
    const answer = await cluster.getJson<{ status: { id: string }; operation: any }>(`/jobs/${jobId}/savepoints/${triggerId}`);
    return answer.status.id === 'COMPLETED' ? answer.operation : undefined;
  });
  assert.equal(operation['failure-cause'].class, 'CHECKPOINT_FAILED');
  assert.match(operation['failure-cause']['stack-trace'], /could not create its directory .*a-file/);
  assert.equal(await jobState(jobId), 'RUNNING');
  const cancel = await fetch(`${cluster.restUrl}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
  assert.equal(cancel.status, 202);
  assert.equal((await cluster.waitForJobEnd(jobId)).state, 'CANCELED');
});
