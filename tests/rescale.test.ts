/**
 * Rescaling a running job on real processes (issue 14): the keyed counting job RUNNING at
 * parallelism 2 is rescaled to 3 with one `sluice rescale` (PUT /jobs/:id/resource-requirements);
 * afterwards every vertex runs 3 subtasks under the same job id, every key's count continues
 * exactly (each count written once, none lost) to the end, and the rescale history shows it COMPLETED.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { KEYS, countsOf, startCountCluster } from './helpers/checkpointed-count.js';
import { ROOT, SLUICE_BIN, TestCluster, execFileAsync, waitFor } from './helpers/processes.js';

const COUNT = 8000;
const cluster = new TestCluster([]);
let jarId: string;

before(async () => {
  jarId = await startCountCluster(cluster);
  // A second TaskManager: the rescaled job needs a third slot.
  await cluster.startTaskManager(2);
});

after(async () => {
  await cluster.stop();
});

interface JobJson {
  state: string;
  vertices: { id: string; parallelism: number; status: string; tasks: Record<string, number> }[];
}

test('sluice rescale -p 3 rescales a running keyed job from 2 to 3 subtasks per vertex; every key counts on exactly once to the end', async () => {
  const out = join(cluster.workDir, 'out');
  const res = await fetch(`${cluster.restUrl}/jars/${jarId}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ entryClass: 'CheckpointedCount', parallelism: 2, programArgsList: [String(COUNT), '400', out, '200'], flinkConfiguration: { 'execution.checkpointing.dir': join(cluster.workDir, 'checkpoints') } }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const { jobid: jobId } = (await res.json()) as { jobid: string };
  await waitFor('every key counted', () => (countsOf(out).size === KEYS ? true : undefined), 60_000);

  const { stdout } = await execFileAsync(process.execPath, [SLUICE_BIN, 'rescale', '-m', `127.0.0.1:${cluster.restPort}`, '-p', '3', jobId], { cwd: ROOT, timeout: 180_000 });
  assert.match(stdout, /^Rescaling job [0-9a-f]{32}\.\nRescale [0-9a-f-]{36} completed\. .*: 2 -> 3/);

  const job = await cluster.getJson<JobJson>(`/jobs/${jobId}`);
  assert.ok(['RUNNING', 'FINISHED'].includes(job.state), job.state);
  assert.deepEqual(job.vertices.map((v) => v.parallelism), job.vertices.map(() => 3));
  const [rescale] = await cluster.getJson<{ terminalState: string; vertices: Record<string, { preRescaleParallelism: number; postRescaleParallelism: number }> }[]>(`/jobs/${jobId}/rescales/history`);
  assert.equal(rescale!.terminalState, 'COMPLETED');
  assert.deepEqual(Object.values(rescale!.vertices).map((v) => [v.preRescaleParallelism, v.postRescaleParallelism]), job.vertices.map(() => [2, 3]));

  assert.equal((await cluster.waitForJobEnd(jobId, 180_000)).state, 'FINISHED');
  const counts = countsOf(out);
  assert.equal(counts.size, KEYS);
  for (const [k, ns] of counts) {
    assert.deepEqual([...ns].sort((a, b) => a - b), Array.from({ length: COUNT / KEYS }, (_, i) => i + 1), `key ${k}: every count from 1 to ${COUNT / KEYS} written once, across the rescale`);
  }
});
