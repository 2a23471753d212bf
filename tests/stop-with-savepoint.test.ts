/**
 * Stop-with-savepoint on real processes (issue 14): `sluice stop` takes a savepoint of a running
 * keyed counting job, whose sources then end, so the job ends FINISHED; the savepoint's `_metadata`
 * is of type SAVEPOINT, and the same program run from it continues every key's count exactly where
 * the stopped job's output ended (nothing was emitted past the savepoint). Without drain no
 * operator finishes (no sink writer sees the end of its input); with drain (`-d`) every one does. A stop into an
 * unwritable target (`POST /jobs/:id/stop`) fails with the cause, and the job keeps running.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KEYS, countsOf, endedOf, startCountCluster } from './helpers/checkpointed-count.js';
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

/**
 * Runs the job, stops it with `sluice stop` (with `-d` when `drain`) into a fresh target once every
 * key was counted, and checks it ended FINISHED with a SAVEPOINT before its generator was
 * exhausted. Resolves to the savepoint's path and the per-key counts the job wrote.
 */
async function runAndStop(out: string, drain: boolean): Promise<{ path: string; stoppedAt: Map<number, number[]> }> {
  const jobId = await runCount(out, 400);
  await waitFor('every key counted', () => (countsOf(out).size === KEYS ? true : undefined), 60_000);
  const target = join(cluster.workDir, `savepoints-${drain ? 'drain' : 'suspend'}`);
  const { stdout } = await execFileAsync(process.execPath, [SLUICE_BIN, 'stop', '-m', `127.0.0.1:${cluster.restPort}`, '-p', target, ...(drain ? ['-d'] : []), jobId], { cwd: ROOT });
  const path = /^Savepoint completed\. Path: (.+)$/m.exec(stdout)?.[1] ?? '';
  assert.equal(stdout, `${drain ? 'Draining' : 'Suspending'} job "${jobId}" with a savepoint.\nSavepoint completed. Path: ${path}\n`);
  assert.match(path, new RegExp(`^${target}/savepoint-${jobId.slice(0, 6)}-[0-9a-f]{12}$`));
  assert.equal((await cluster.waitForJobEnd(jobId)).state, 'FINISHED');
  assert.equal((JSON.parse(readFileSync(join(path, '_metadata'), 'utf8')) as { type: string }).type, 'SAVEPOINT');
  const stoppedAt = countsOf(out);
  assert.ok([...stoppedAt.values()].every((ns) => ns.length < COUNT / KEYS), 'the job stopped before its generator was exhausted');
  return { path, stoppedAt };
}

/** Runs the job from `path` to its end under `out`: every key counts on from where `stoppedAt` ended, each count once. */
async function assertContinues(path: string, stoppedAt: Map<number, number[]>, out: string): Promise<void> {
  const restored = await runCount(out, 20_000, { savepointPath: path });
  assert.equal((await cluster.waitForJobEnd(restored, 120_000)).state, 'FINISHED');
  const counts = countsOf(out);
  assert.equal(counts.size, KEYS);
  for (const [k, ns] of counts) {
    const last = Math.max(...stoppedAt.get(k)!);
    assert.deepEqual(ns, Array.from({ length: COUNT / KEYS - last }, (_, i) => last + 1 + i), `key ${k} counts on from ${last + 1}, each once, up to ${COUNT / KEYS}`);
  }
  assert.deepEqual(endedOf(out), ['0-0', '1-0'], 'a bounded end drains');
}

test('sluice stop (no drain) ends a running keyed job FINISHED with a SAVEPOINT without finishing its operators, and a run from it continues every key\'s count exactly', async () => {
  const first = join(cluster.workDir, 'first');
  const { path, stoppedAt } = await runAndStop(first, false);
  assert.deepEqual(endedOf(first), [], 'no sink writer saw the end of its input (Flink\'s NO_DRAIN)');
  await assertContinues(path, stoppedAt, join(cluster.workDir, 'second'));
});

test('sluice stop -d (drain) ends the job FINISHED with every operator finished (the sink writers flush their end of input), and its savepoint restores', async () => {
  const drained = join(cluster.workDir, 'drained');
  const { path, stoppedAt } = await runAndStop(drained, true);
  assert.deepEqual(endedOf(drained), ['0-0', '1-0'], 'both sink writers saw the end of their input');
  await assertContinues(path, stoppedAt, join(cluster.workDir, 'after-drain'));
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
