/**
 * Manual checkpoints on real processes: `sluice checkpoint` and Flink's REST trigger take a
 * checkpoint of a running job at once (its periodic checkpoints are an hour apart), numbered and
 * counted with the others; a reused trigger id names the same checkpoint; an unknown job and one
 * that does not checkpoint fail with a message that says why.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, SLUICE_BIN, TestCluster, execFileAsync, waitFor } from './helpers/processes.js';
import { SlowCountJobs } from './helpers/slow-count.js';

const cluster = new TestCluster(['task.cancellation.timeout=1 s']);
const jobs = new SlowCountJobs(cluster);

before(() => jobs.start());

after(async () => {
  await cluster.stop();
});

/** `sluice checkpoint -m <this cluster> ...args`. */
function sluiceCheckpoint(...args: string[]): Promise<{ stdout: string }> {
  return execFileAsync(process.execPath, [SLUICE_BIN, 'checkpoint', '-m', `127.0.0.1:${cluster.restPort}`, ...args], { cwd: ROOT });
}

test('sluice checkpoint and POST /jobs/:jobid/checkpoints take checkpoints at once, counted with the periodic ones', async () => {
  const jobId = await jobs.run('checkpointed', { 'execution.checkpointing.interval': '1 h' });
  const { stdout } = await sluiceCheckpoint(jobId);
  assert.equal(stdout, `Triggering checkpoint for job ${jobId}.\nCheckpoint 1 for job ${jobId} completed.\n`);

  const triggerId = '0123456789abcdef0123456789abcdef';
  const trigger = (): Promise<Response> => fetch(`${cluster.restUrl}/v1/jobs/${jobId}/checkpoints`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ checkpointType: 'FULL', triggerId }),
  });
  const res = await trigger();
  assert.equal(res.status, 202);
  assert.deepEqual(await res.json(), { 'request-id': triggerId });
  const status = await waitFor('the manual checkpoint to complete', async () => {
    const answer = await cluster.getJson<{ status: { id: string }; operation: unknown }>(`/jobs/${jobId}/checkpoints/${triggerId}`);
    return answer.status.id === 'COMPLETED' ? answer : undefined;
  });
  assert.deepEqual(status, { status: { id: 'COMPLETED' }, operation: { checkpointId: 2 } });
  // The same trigger id again: the same operation, no third checkpoint.
  assert.equal((await trigger()).status, 202);
  assert.deepEqual(await cluster.getJson(`/jobs/${jobId}/checkpoints/${triggerId}`), status);

  const stats = await cluster.getJson<{ counts: { completed: number; total: number }; latest: { completed: { id: number } } }>(`/jobs/${jobId}/checkpoints`);
  assert.deepEqual([stats.counts.completed, stats.counts.total, stats.latest.completed.id], [2, 2, 2]);
  await jobs.cancel(jobId);
});

test('a manual checkpoint of an unknown job, or of a job that does not checkpoint, fails saying why', async () => {
  const unknown = 'f'.repeat(32);
  await assert.rejects(sluiceCheckpoint('--full', unknown), (err: Error & { code: number; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.match(err.stderr, new RegExp(`^sluice: Job ${unknown} not found`, 'm'));
    return true;
  });
  const jobId = await jobs.run('unchecked', {});
  await assert.rejects(sluiceCheckpoint(jobId), (err: Error & { code: number; stderr: string }) => {
    assert.match(err.stderr, new RegExp(`^sluice: Job ${jobId} does not checkpoint: manual checkpoints need execution\\.checkpointing\\.interval`, 'm'));
    return true;
  });
  await jobs.cancel(jobId);
});
