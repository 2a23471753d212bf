/**
 * `state.backend.type: rocksdb` on real processes (issue 14): the keyed counting job of
 * checkpoint-recovery.test.ts keeps its ValueState in RocksDB databases under each TaskManager's
 * `taskmanager.work.dir`, survives a TaskManager killed with SIGKILL by restoring the counts from
 * the latest checkpoint into fresh databases (its committed output holds every key's counts 1..N
 * exactly once, in order), and the live TaskManagers keep no database once the job ended.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SluiceProcess, TestCluster, packageJob, waitFor } from './helpers/processes.js';

const KEYS = 8;
const cluster = new TestCluster([
  'state.backend.type=rocksdb',
  'heartbeat.interval=500',
  'heartbeat.timeout=5000',
  'restart-strategy.type=fixed-delay',
  'restart-strategy.fixed-delay.attempts=10',
  'restart-strategy.fixed-delay.delay=100 ms',
]);
let jarId: string;
const taskManagers = new Map<string, SluiceProcess>();

before(async () => {
  const jar = join(cluster.workDir, 'checkpointed-count.jar');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/checkpointed-count.ts'), jar);
  await cluster.startJobManager();
  for (const id of ['tm-a', 'tm-b']) await startTaskManager(id);
  jarId = await cluster.uploadJar(jar);
});

after(async () => {
  await cluster.stop();
});

async function startTaskManager(id: string): Promise<void> {
  taskManagers.set(id, await cluster.startTaskManager(2, true, {}, [`taskmanager.resource-id=${id}`]));
}

/** The RocksDB databases (directories with a CURRENT file) under the TaskManagers' local state directories. */
function databases(): string[] {
  const found: string[] = [];
  for (const tm of readdirSync(cluster.workDir).filter((d) => d.startsWith('tm-'))) {
    const root = join(cluster.workDir, tm, 'state');
    if (!existsSync(root)) continue;
    for (const attempt of readdirSync(root)) {
      for (const db of readdirSync(join(root, attempt))) if (existsSync(join(root, attempt, db, 'CURRENT'))) found.push(join(tm, attempt, db));
    }
  }
  return found;
}

/** Per key, the counts the FileSink committed, in order (part files in part order). */
function committedCounts(out: string): Map<number, number[]> {
  const dir = join(out, 'committed');
  const parts = readdirSync(dir).filter((f) => !f.startsWith('.')).sort((a, b) => Number(a.split('-').at(-1)) - Number(b.split('-').at(-1)));
  const keys = new Map<number, number[]>();
  for (const line of parts.flatMap((part) => readFileSync(join(dir, part), 'utf8').split('\n').filter(Boolean))) {
    const [k, n] = line.split('=').map(Number);
    keys.set(k!, [...(keys.get(k!) ?? []), n!]);
  }
  return keys;
}

async function completedCheckpoints(jobId: string): Promise<number> {
  return (await cluster.getJson<{ counts: { completed: number } }>(`/jobs/${jobId}/checkpoints`)).counts.completed;
}

test('keyed state in RocksDB: restored from a checkpoint after a TaskManager is killed, deleted when the job ends', async () => {
  const out = join(cluster.workDir, 'counted');
  const count = 8_000;
  const jobId = await cluster.runJar(jarId, {
    entryClass: 'CheckpointedCount',
    parallelism: 2,
    programArgsList: [String(count), '600', out, '200'],
    flinkConfiguration: { 'execution.checkpointing.dir': join(cluster.workDir, 'checkpoints') },
  });
  await waitFor('a RocksDB database per keyed subtask', () => (databases().length >= 2 ? true : undefined), 60_000);
  await waitFor('2 completed checkpoints', async () => ((await completedCheckpoints(jobId)) >= 2 ? true : undefined), 60_000);

  const job = await cluster.getJson<{ vertices: { id: string }[] }>(`/jobs/${jobId}`);
  const details = await cluster.getJson<{ subtasks: { 'taskmanager-id': string }[] }>(`/jobs/${jobId}/vertices/${job.vertices.at(-1)!.id}`);
  const victim = taskManagers.get(details.subtasks[0]!['taskmanager-id'])!;
  process.kill(victim.pid, 'SIGKILL');
  await victim.exited;
  taskManagers.delete(details.subtasks[0]!['taskmanager-id']);
  await waitFor('the lost TaskManager to be dropped', async () => ((await cluster.taskManagerCount()) === taskManagers.size ? true : undefined));
  await startTaskManager('tm-c');

  const ended = await cluster.waitForJobEnd(jobId, 120_000);
  assert.equal(ended.state, 'FINISHED', JSON.stringify(ended));
  const stats = await cluster.getJson<{ counts: { restored: number } }>(`/jobs/${jobId}/checkpoints`);
  assert.ok(stats.counts.restored >= 1, `the job restored from a checkpoint: ${JSON.stringify(stats.counts)}`);
  const perKey = count / KEYS;
  const expected = Array.from({ length: perKey }, (_, i) => i + 1);
  const committed = committedCounts(out);
  for (let k = 0; k < KEYS; k++) assert.deepEqual(committed.get(k), expected, `key ${k}: the committed output is 1..${perKey}, each once, in order`);
  // A SIGKILLed TaskManager cleans nothing up; every other database went with its task.
  const killedWorkDir = victim.child.spawnargs.find((a) => a.startsWith('taskmanager.work.dir='))!.split('/').at(-1)!;
  assert.deepEqual(databases().filter((db) => !db.startsWith(`${killedWorkDir}/`)), []);
});
