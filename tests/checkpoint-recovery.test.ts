/**
 * Checkpoints on real processes (issue 13): a keyed counting job with 200 ms checkpoints and a
 * FileSink survives five TaskManagers killed with SIGKILL (a replacement started each time): each
 * restarted attempt resumes every key's count from the latest completed checkpoint instead of
 * starting over, and the FileSink's committed output holds every key's counts 1..N exactly once,
 * in order. The same job without checkpointing starts over from 1 after a kill, so its
 * at-least-once output repeats counts — what the first test would see if nothing were restored.
 * Every restored subtask of the counting job gets its union list state whole: the entries of both
 * subtasks. A CheckpointedFunction gets its operator list back after a kill; a corrupt latest checkpoint is
 * skipped for the one before it, named in the exception history, and the output stays exact.
 * With `state.backend.type: rocksdb` (issue 14) the counts live in RocksDB databases under the
 * TaskManagers' work dirs, come back after a kill all the same, and leave no database behind.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertCommittedExactlyOnce, committedLines, completedCheckpointsOf, countsByAttempt, KEYS } from './helpers/checkpointed-count.js';
import { ROOT, SluiceProcess, TestCluster, packageJob, waitFor } from './helpers/processes.js';

const cluster = new TestCluster([
  'cluster.evenly-spread-out-slots=true',
  'heartbeat.interval=500',
  'heartbeat.timeout=5000',
  'restart-strategy.type=fixed-delay',
  'restart-strategy.fixed-delay.attempts=10',
  'restart-strategy.fixed-delay.delay=100 ms',
]);
let jarId: string;
/** The running TaskManagers by resource id. */
const taskManagers = new Map<string, SluiceProcess>();

interface Subtasks {
  subtasks: { subtask: number; status: string; 'taskmanager-id': string; attempt: number }[];
}
interface Checkpoints {
  counts: { completed: number; restored: number };
  latest: { restored: { id: number } | null };
}

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

/** Whether the latest attempt of a CheckpointedCount job has emitted every key. */
const everyKeyEmitted = (out: string) => (): boolean => {
  const attempts = countsByAttempt(out);
  return attempts.get(Math.max(...attempts.keys()))?.size === KEYS;
};

/** Waits until the job runs and `emitted` holds, then until `more` checkpoints completed after that. */
async function checkpointedWhileRunning(jobId: string, emitted: () => boolean, more: number): Promise<void> {
  // The newest of them was triggered after what `emitted` saw had state.
  await waitFor('output of the running round', async () => ((await jobRunning(jobId)) && emitted() ? true : undefined), 60_000);
  const before = await completedCheckpoints(jobId);
  await waitFor(`${more} more completed checkpoints`, async () => ((await completedCheckpoints(jobId)) >= before + more ? true : undefined), 60_000);
}

const completedCheckpoints = (jobId: string): Promise<number> => completedCheckpointsOf(cluster, jobId);

/** The id of a TaskManager that runs a subtask of the job's keyed vertex. */
async function taskManagerOfJob(jobId: string): Promise<string> {
  const job = await cluster.getJson<{ vertices: { id: string }[] }>(`/jobs/${jobId}`);
  const details = await cluster.getJson<Subtasks>(`/jobs/${jobId}/vertices/${job.vertices.at(-1)!.id}`);
  return details.subtasks[0]!['taskmanager-id'];
}

/** Kills (SIGKILL) a TaskManager that runs the job, then starts a replacement with a new id. */
async function killTaskManagerOf(jobId: string, replacementId: string): Promise<void> {
  const victim = await taskManagerOfJob(jobId);
  const tm = taskManagers.get(victim);
  assert.ok(tm, `the job runs on a TaskManager of this test (${victim})`);
  process.kill(tm.pid, 'SIGKILL');
  await tm.exited;
  taskManagers.delete(victim);
  // Counted from the registered TaskManagers: the lost one must be gone before its replacement comes.
  await waitFor('the lost TaskManager to be dropped', async () => ((await cluster.taskManagerCount()) === taskManagers.size ? true : undefined));
  await startTaskManager(replacementId);
}

async function jobRunning(jobId: string): Promise<boolean> {
  const job = await cluster.getJson<{ state: string; vertices: { tasks: Record<string, number>; parallelism: number }[] }>(`/jobs/${jobId}`);
  return job.state === 'RUNNING' && job.vertices.every((v) => v.tasks.RUNNING === v.parallelism);
}

test('TaskManagers killed mid-job: every restart resumes the counts of the latest checkpoint', async () => {
  const out = join(cluster.workDir, 'checkpointed');
  const count = 12_000;
  const jobId = await cluster.runJar(jarId, {
    entryClass: 'CheckpointedCount',
    parallelism: 2,
    programArgsList: [String(count), '600', out, '200'],
    flinkConfiguration: { 'execution.checkpointing.dir': join(cluster.workDir, 'checkpoints') },
  });
  for (const replacement of ['tm-c', 'tm-d', 'tm-e', 'tm-f', 'tm-g']) {
    await checkpointedWhileRunning(jobId, everyKeyEmitted(out), 2);
    await killTaskManagerOf(jobId, replacement);
  }
  const job = await cluster.waitForJobEnd(jobId, 120_000);
  assert.equal(job.state, 'FINISHED', JSON.stringify(job));

  assertCommittedExactlyOnce(out, count);
  const byAttempt = countsByAttempt(out);
  assert.ok(byAttempt.size >= 6, `the first run and five restarts wrote output: attempts ${[...byAttempt.keys()]}`);
  for (const [attempt, keys] of byAttempt) {
    if (attempt === 0) continue;
    const firsts = [...keys.values()].map((ns) => ns[0]!);
    assert.ok(firsts.every((n) => n > 1), `attempt ${attempt} resumed from a checkpoint, not from 1: first counts ${firsts}`);
  }
  const stats = await cluster.getJson<Checkpoints>(`/jobs/${jobId}/checkpoints`);
  assert.ok(stats.counts.restored >= 5 && stats.latest.restored, JSON.stringify(stats.counts));
  const unions = readdirSync(join(out, 'union'));
  for (const attempt of byAttempt.keys()) {
    if (attempt > 0) for (const subtask of [0, 1]) assert.ok(unions.includes(`${subtask}-${attempt}`), `subtask ${subtask} of attempt ${attempt} restored its union list state: ${unions}`);
  }
  for (const file of unions) assert.deepEqual(JSON.parse(readFileSync(join(out, 'union', file), 'utf8')), [0, 1], `subtask-attempt ${file} got both subtasks' entries, in subtask order`);
});

test('the same job without checkpointing starts over from 1 after a kill: its at-least-once output repeats counts', async () => {
  const out = join(cluster.workDir, 'unchecked');
  const jobId = await cluster.runJar(jarId, { entryClass: 'CheckpointedCount', parallelism: 2, programArgsList: ['2400', '600', out, '0'] });
  await waitFor('counts to be written', async () => ((await jobRunning(jobId)) && countsByAttempt(out).get(0)?.size === KEYS ? true : undefined), 60_000);
  await killTaskManagerOf(jobId, 'tm-h');
  const job = await cluster.waitForJobEnd(jobId, 120_000);
  assert.equal(job.state, 'FINISHED');
  const restarted = countsByAttempt(out).get(1);
  assert.ok(restarted, 'a restarted attempt wrote output');
  assert.deepEqual([...restarted.values()].map((ns) => ns[0]), new Array(restarted.size).fill(1), 'every key started over from 1');
});

test('a CheckpointedFunction gets its operator list back after a kill', async () => {
  const out = join(cluster.workDir, 'list');
  const count = 3000;
  const jobId = await cluster.runJar(jarId, {
    entryClass: 'CheckpointedList',
    programArgsList: [String(count), '600', out, '200'],
    flinkConfiguration: { 'execution.checkpointing.dir': join(cluster.workDir, 'checkpoints') },
  });
  await checkpointedWhileRunning(jobId, () => existsSync(join(out, 'attempts', '0-0')), 2);
  await killTaskManagerOf(jobId, 'tm-i');
  const job = await cluster.waitForJobEnd(jobId, 120_000);
  assert.equal(job.state, 'FINISHED');
  assert.deepEqual(committedLines(out), Array.from({ length: count }, (_, i) => String(i + 1)), 'the list grew by one per number, exactly once');
  const restarted = readFileSync(join(out, 'attempts', '0-1'), 'utf8').split('\n')[0]!;
  assert.ok(Number(restarted) > 1, `the restarted map held the restored list: its first size is ${restarted}`);
});

test('a corrupt latest checkpoint is skipped for the one before it; the output stays exact', async () => {
  const out = join(cluster.workDir, 'corrupt');
  const checkpoints = join(cluster.workDir, 'checkpoints-corrupt');
  const count = 4800;
  const jobId = await cluster.runJar(jarId, {
    entryClass: 'CheckpointedCount',
    parallelism: 2,
    programArgsList: [String(count), '600', out, '1500'],
    flinkConfiguration: { 'execution.checkpointing.dir': checkpoints, 'execution.checkpointing.num-retained': '2' },
  });
  await checkpointedWhileRunning(jobId, everyKeyEmitted(out), 2);
  // Right after a checkpoint completed (the next is 1.5 s away): damage its state files, then kill.
  const before = await completedCheckpoints(jobId);
  await waitFor('another completed checkpoint', async () => ((await completedCheckpoints(jobId)) > before ? true : undefined), 60_000);
  const jobDir = join(checkpoints, jobId);
  const latest = readdirSync(jobDir).filter((d) => existsSync(join(jobDir, d, '_metadata'))).sort((a, b) => Number(b.slice(4)) - Number(a.slice(4)))[0]!;
  const damaged = readdirSync(join(jobDir, latest)).filter((f) => f !== '_metadata');
  assert.ok(damaged.length > 0, `checkpoint ${latest} has state files`);
  for (const f of damaged) {
    const bytes = readFileSync(join(jobDir, latest, f));
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(join(jobDir, latest, f), bytes);
  }
  await killTaskManagerOf(jobId, 'tm-j');
  const job = await cluster.waitForJobEnd(jobId, 120_000);
  assert.equal(job.state, 'FINISHED');
  assertCommittedExactlyOnce(out, count);
  const exceptions = await cluster.getJson<{ exceptionHistory: { entries: { stacktrace: string }[] } }>(`/jobs/${jobId}/exceptions`);
  const id = latest.slice(4);
  assert.ok(exceptions.exceptionHistory.entries.some((e) => new RegExp(`Skipped checkpoint ${id}\\b`).test(e.stacktrace)), `the skipped checkpoint ${id} is named: ${JSON.stringify(exceptions.exceptionHistory.entries.map((e) => e.stacktrace.split('\n')[0]))}`);
});

/** The RocksDB databases (directories with a CURRENT file) in the TaskManagers' local state directories, `<work dir>/state/<attempt>/<db>`. */
function rocksDBDatabases(): string[] {
  const found: string[] = [];
  for (const tm of readdirSync(cluster.workDir).filter((d) => d.startsWith('tm-'))) {
    const root = join(cluster.workDir, tm, 'state');
    if (!existsSync(root)) continue;
    for (const attempt of readdirSync(root)) {
      for (const db of readdirSync(join(root, attempt))) if (existsSync(join(root, attempt, db, 'CURRENT'))) found.push(join(cluster.workDir, tm, 'state', attempt, db));
    }
  }
  return found;
}

test('on the rocksdb state backend (set by the job) the counts are restored after a kill, and the databases go with their tasks', async () => {
  const out = join(cluster.workDir, 'rocksdb');
  const count = 8000;
  const jobId = await cluster.runJar(jarId, {
    entryClass: 'CheckpointedCount',
    parallelism: 2,
    programArgsList: [String(count), '600', out, '200'],
    flinkConfiguration: { 'execution.checkpointing.dir': join(cluster.workDir, 'checkpoints'), 'state.backend.type': 'rocksdb' },
  });
  await waitFor('a RocksDB database per keyed subtask', () => (rocksDBDatabases().length >= 2 ? true : undefined), 60_000);
  await checkpointedWhileRunning(jobId, everyKeyEmitted(out), 2);
  await killTaskManagerOf(jobId, 'tm-k');
  const job = await cluster.waitForJobEnd(jobId, 120_000);
  assert.equal(job.state, 'FINISHED');
  assertCommittedExactlyOnce(out, count);
  const byAttempt = countsByAttempt(out);
  const resumed = [...(byAttempt.get(Math.max(...byAttempt.keys()))?.values() ?? [])].map((ns) => ns[0]!);
  assert.ok(resumed.length > 0 && resumed.every((n) => n > 1), `the restarted attempt resumed from the checkpoint, not from 1: first counts ${resumed}`);
  // A SIGKILLed TaskManager cleans nothing up; the live ones keep no database once their tasks ended.
  const liveWorkDirs = [...taskManagers.values()].map((tm) => tm.child.spawnargs.find((a) => a.startsWith('taskmanager.work.dir='))!.slice('taskmanager.work.dir='.length));
  assert.deepEqual(rocksDBDatabases().filter((db) => liveWorkDirs.some((dir) => db.startsWith(`${dir}/`))), []);
});
