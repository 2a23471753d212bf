/**
 * State larger than a task's heap on real processes (issue 14): 3,000,000 distinct keys in
 * ValueState (tests/fixtures/jobs/large-state.ts). On the heap backend they take about 120 MB
 * of heap (measured: a HeapKeyedStateBackend holding 3 M number keys with their counts takes
 * 117 MB after a full GC, and runs out of memory under 64 MB); a savepoint of that job, streamed
 * to a keyed state file, restores on the rocksdb backend in a TaskManager whose task heap is
 * 48 MB (`taskmanager.memory.task.heap.size`), which then checkpoints the
 * 3 M keys (streamed too), loses its TaskManager to SIGKILL, and resumes on a new one from that
 * checkpoint: the next checkpoint holds every key's count exactly (1), and no task ran out of memory.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readVerifiedMetadata } from '../src/checkpoint/checkpoint-storage.js';
import { readTaskStateFile } from '../src/operators/task-state-file.js';
import type { KeyedStateSnapshot } from '../src/state/index.js';
import { readKeyedStateFile } from '../src/state/keyed-state-file.js';
import { ROOT, TestCluster, packageJob, waitFor, type SluiceProcess } from './helpers/processes.js';

const KEYS = 3_000_000;
const TICKS_PER_SECOND = 20;
const SMALL_HEAP = 'taskmanager.memory.task.heap.size=48m';
const cluster = new TestCluster(['heartbeat.interval=500', 'heartbeat.timeout=5000', 'restart-strategy.type=fixed-delay', 'restart-strategy.fixed-delay.attempts=5', 'restart-strategy.fixed-delay.delay=100 ms']);
let jarId: string;

before(async () => {
  const jar = join(cluster.workDir, 'large-state.jar');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/large-state.ts'), jar);
  await cluster.startJobManager();
  jarId = await cluster.uploadJar(jar);
});

after(async () => {
  await cluster.stop();
});

interface Checkpoints {
  counts: { completed: number; restored: number };
  latest: { completed: { id: number; external_path: string; state_size: number } | null; restored: { id: number } | null };
}

/**
 * Reads the count of every key from the keyed state files of the snapshot in `location` and
 * checks them: each of the sequence's KEYS keys once, and the tick keys (KEYS + i) a gapless run
 * from KEYS, each once. Returns how many tick keys it holds.
 */
async function checkCounts(location: string): Promise<number> {
  const metadata = await readVerifiedMetadata(location);
  const keyedStateFiles = metadata.subtasks.flatMap((s) => s.keyedStateFiles ?? []);
  assert.equal(keyedStateFiles.length, 1, 'the metadata lists the keyed state file (checked with the state files before a restore)');
  const seen = new Uint8Array(KEYS);
  const ticks: number[] = [];
  let files = 0;
  for (const { state } of metadata.subtasks) {
    if (!state) continue;
    for (const operator of Object.values((await readTaskStateFile(state)).operators)) {
      const keyed = operator.keyedState as KeyedStateSnapshot | undefined;
      if (!keyed) continue;
      assert.deepEqual(keyed.keyGroups, [], 'the key groups are in keyed state files, not in the state file');
      for (const file of keyed.files ?? []) {
        files++;
        assert.deepEqual(file, keyedStateFiles[0], 'the state file names the same file');
        for (const [, states] of readKeyedStateFile(file, { start: 0, end: 32767 })) {
          for (const [name, entries] of states) {
            assert.equal(name, 'count');
            for (const [key, count] of entries as [number, number][]) {
              assert.equal(count, 1, `key ${key} counted once`);
              if (key < KEYS) seen[key]! += 1;
              else ticks.push(key);
            }
          }
        }
      }
    }
  }
  assert.equal(files, 1);
  const missing = seen.findIndex((n) => n !== 1);
  assert.equal(missing, -1, `every key of the sequence is there once (key ${missing} is not)`);
  ticks.sort((a, b) => a - b);
  ticks.forEach((key, i) => assert.equal(key, KEYS + i, 'the tick keys are gapless'));
  return ticks.length;
}

async function runJob(body: Record<string, unknown>): Promise<string> {
  return cluster.runJar(jarId, { entryClass: 'LargeState', parallelism: 1, programArgsList: [String(KEYS), String(TICKS_PER_SECOND)], ...body });
}

async function checkpoints(jobId: string): Promise<Checkpoints> {
  return cluster.getJson<Checkpoints>(`/jobs/${jobId}/checkpoints`);
}

async function waitForTaskManagers(count: number): Promise<void> {
  await waitFor(`${count} registered TaskManagers`, async () => ((await cluster.taskManagerCount()) === count ? true : undefined), 60_000);
}

test('3 M keys: a heap savepoint restores on rocksdb under a 48 MB task heap, which checkpoints them and resumes exactly after a kill -9', { timeout: 600_000 }, async () => {
  const checkpointDir = join(cluster.workDir, 'checkpoints');
  const heapTm = await cluster.startTaskManager(1);
  const onHeap = await runJob({ flinkConfiguration: { 'state.backend.type': 'hashmap', 'execution.checkpointing.dir': checkpointDir } });
  await waitFor('the sequence to end', async () => {
    const job = await cluster.getJson<{ state: string; vertices: { status: string }[] }>(`/jobs/${onHeap}`);
    assert.equal(job.state, 'RUNNING');
    return job.vertices.some((v) => v.status === 'FINISHED') ? true : undefined;
  }, 300_000);
  const trigger = await fetch(`${cluster.restUrl}/jobs/${onHeap}/savepoints`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ 'target-directory': join(cluster.workDir, 'savepoints'), 'cancel-job': true }),
  });
  assert.equal(trigger.status, 202);
  const requestId = ((await trigger.json()) as { 'request-id': string })['request-id'];
  const savepoint = await waitFor('the heap savepoint', async () => {
    const status = await cluster.getJson<{ status: { id: string }; operation?: { location?: string; 'failure-cause'?: unknown } }>(`/jobs/${onHeap}/savepoints/${requestId}`);
    assert.equal(status.operation?.['failure-cause'], undefined);
    return status.status.id === 'COMPLETED' ? status.operation?.location : undefined;
  }, 180_000);
  assert.equal((await cluster.waitForJobEnd(onHeap, 60_000)).state, 'CANCELED');
  const ticksAtSavepoint = await checkCounts(savepoint!);
  await heapTm.stop();
  await waitForTaskManagers(0);

  const small = (id: string): Promise<SluiceProcess> => cluster.startTaskManager(1, true, {}, [SMALL_HEAP, `taskmanager.resource-id=${id}`]);
  const first = await small('small-a');
  const jobId = await runJob({
    savepointPath: savepoint,
    flinkConfiguration: {
      'state.backend.type': 'rocksdb',
      'execution.checkpointing.dir': checkpointDir,
      'execution.checkpointing.interval': '2 s',
      'execution.checkpointing.timeout': '3 min',
      'execution.checkpointing.num-retained': '2',
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
    },
  });
  await waitFor('a checkpoint of the restored job', async () => ((await checkpoints(jobId)).counts.completed >= 1 ? true : undefined), 300_000);
  process.kill(first.pid, 'SIGKILL');
  await first.exited;
  await waitForTaskManagers(0);
  await small('small-b');
  const resumed = await waitFor('a checkpoint after the restore', async () => {
    const stats = await checkpoints(jobId);
    const { completed, restored } = stats.latest;
    return stats.counts.restored >= 1 && restored && completed && completed.id > restored.id ? completed : undefined;
  }, 300_000);
  const cancel = await fetch(`${cluster.restUrl}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
  assert.equal(cancel.status, 202);
  assert.equal((await cluster.waitForJobEnd(jobId, 60_000)).state, 'CANCELED');

  assert.ok((await checkCounts(resumed.external_path)) > ticksAtSavepoint, 'the restored job went on adding keys');
  assert.ok(resumed.state_size > 10_000_000, `the statistics count the keyed state file: state_size ${resumed.state_size}`);
  const exceptions = await cluster.getJson<{ exceptionHistory: { entries: { stacktrace: string }[] } }>(`/jobs/${jobId}/exceptions`);
  const causes = exceptions.exceptionHistory.entries.map((e) => e.stacktrace.split('\n')[0]);
  assert.ok(!causes.some((c) => /OUT_OF_MEMORY|heap/i.test(c ?? '')), `no task ran out of memory: ${JSON.stringify(causes)}`);
});
