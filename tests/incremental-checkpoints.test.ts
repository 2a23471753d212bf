/**
 * Incremental checkpoints on real processes (issue 14): CheckpointedCount on the rocksdb backend
 * with `state.backend.incremental: true` and fast checkpoints. Checkpoints after the first write
 * deltas into the job's shared directory (their checkpointed_size below their state_size); after
 * a kill -9 of the TaskManager a new one restores the chain and every key's count goes on exactly.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertCommittedExactlyOnce, completedCheckpointsOf, countsByAttempt, KEYS, startCountCluster } from './helpers/checkpointed-count.js';
import { TestCluster, waitFor } from './helpers/processes.js';

interface History {
  history: { id: number; status: string; checkpointed_size: number; state_size: number }[];
}

const cluster = new TestCluster(['restart-strategy.type=fixed-delay', 'restart-strategy.fixed-delay.attempts=10', 'restart-strategy.fixed-delay.delay=100 ms', 'heartbeat.interval=500', 'heartbeat.timeout=5000']);
let jarId: string;

before(async () => {
  jarId = await startCountCluster(cluster);
});

after(async () => {
  await cluster.stop();
});

test('incremental rocksdb checkpoints write deltas smaller than the state; after a kill -9 every key\'s count continues exactly', async () => {
  const out = join(cluster.workDir, 'incremental');
  const checkpoints = join(cluster.workDir, 'checkpoints');
  const count = 6000;
  const jobId = await cluster.runJar(jarId, {
    entryClass: 'CheckpointedCount',
    parallelism: 2,
    programArgsList: [String(count), '500', out, '150'],
    flinkConfiguration: { 'execution.checkpointing.dir': checkpoints, 'state.backend.type': 'rocksdb', 'state.backend.incremental': 'true' },
  });
  const emitted = (): boolean => countsByAttempt(out).get(0)?.size === KEYS;
  await waitFor('every key counted', () => (emitted() ? true : undefined), 60_000);
  const first = await completedCheckpointsOf(cluster, jobId);
  await waitFor('3 more completed checkpoints', async () => ((await completedCheckpointsOf(cluster, jobId)) >= first + 3 ? true : undefined), 60_000);
  const shared = join(checkpoints, jobId, 'shared');
  assert.ok(existsSync(shared) && readdirSync(shared).length > 0, 'keyed state lives in the job\'s shared directory');
  const { history } = await cluster.getJson<History>(`/jobs/${jobId}/checkpoints`);
  const completed = history.filter((c) => c.status === 'COMPLETED');
  assert.ok(completed.some((c) => c.checkpointed_size < c.state_size), `a delta checkpoint wrote less than its state: ${JSON.stringify(completed)}`);
  assert.ok(completed.every((c) => c.checkpointed_size > 0 && c.checkpointed_size <= c.state_size));

  const victim = cluster.processes.find((p) => p.name.startsWith('taskmanager'))!;
  process.kill(victim.pid, 'SIGKILL');
  await victim.exited;
  // Counted from the registered TaskManagers: the lost one must be gone before its replacement comes.
  await waitFor('the lost TaskManager to be dropped', async () => ((await cluster.taskManagerCount()) === 0 ? true : undefined), 60_000);
  await cluster.startTaskManager(2);
  const job = await cluster.waitForJobEnd(jobId, 120_000);
  assert.equal(job.state, 'FINISHED');
  assertCommittedExactlyOnce(out, count);
  const byAttempt = countsByAttempt(out);
  const resumed = [...(byAttempt.get(Math.max(...byAttempt.keys()))?.values() ?? [])].map((ns) => ns[0]!);
  assert.ok(byAttempt.size >= 2 && resumed.every((n) => n > 1), `the restarted attempt resumed from an incremental checkpoint, not from 1: first counts ${resumed}`);
});
