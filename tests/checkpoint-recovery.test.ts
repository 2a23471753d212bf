/**
 * Checkpoints on real processes (issue 13): a keyed counting job with 200 ms checkpoints and a
 * FileSink survives five TaskManagers killed with SIGKILL (a replacement started each time): each
 * restarted attempt resumes every key's count from the latest completed checkpoint instead of
 * starting over, and the FileSink's committed output holds every key's counts 1..N exactly once,
 * in order. The same job without checkpointing starts over from 1 after a kill, so its
 * at-least-once output repeats counts — what the first test would see if nothing were restored.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SluiceProcess, TestCluster, packageJob, waitFor } from './helpers/processes.js';

const KEYS = 8;
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

/** Appends the `key=count` lines of `file` to `keys`. */
function addCounts(keys: Map<number, number[]>, file: string): void {
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const [k, n] = line.split('=').map(Number);
    keys.set(k!, [...(keys.get(k!) ?? []), n!]);
  }
}

/** Per key, the counts each attempt's at-least-once files hold, in order, by attempt number. */
function countsByAttempt(out: string): Map<number, Map<number, number[]>> {
  const dir = join(out, 'attempts');
  const byAttempt = new Map<number, Map<number, number[]>>();
  if (!existsSync(dir)) return byAttempt;
  for (const file of readdirSync(dir)) {
    const attempt = Number(file.split('-')[1]);
    const keys = byAttempt.get(attempt) ?? new Map<number, number[]>();
    byAttempt.set(attempt, keys);
    addCounts(keys, join(dir, file));
  }
  return byAttempt;
}

/** Per key, the counts in the FileSink's visible part files, in part order (`part-<uid>-<subtask>-<n>`). */
function committedCounts(out: string): Map<number, number[]> {
  const dir = join(out, 'committed');
  const keys = new Map<number, number[]>();
  const parts = readdirSync(dir).filter((f) => !f.startsWith('.')).sort((a, b) => Number(a.split('-').at(-1)) - Number(b.split('-').at(-1)));
  for (const part of parts) addCounts(keys, join(dir, part));
  return keys;
}

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
  const job = await cluster.getJson<{ state: string; vertices: { tasks: Record<string, number> }[] }>(`/jobs/${jobId}`);
  return job.state === 'RUNNING' && job.vertices.every((v) => v.tasks.RUNNING === 2);
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
    // The running round has counted every key; then two more checkpoints complete, so the newer
    // one was triggered after that and holds a count for every key.
    await waitFor('every key counted in the running round', async () => {
      if (!(await jobRunning(jobId))) return undefined;
      const attempts = countsByAttempt(out);
      return attempts.get(Math.max(...attempts.keys()))?.size === KEYS ? true : undefined;
    }, 60_000);
    const before = (await cluster.getJson<Checkpoints>(`/jobs/${jobId}/checkpoints`)).counts.completed;
    await waitFor('two more completed checkpoints', async () => ((await cluster.getJson<Checkpoints>(`/jobs/${jobId}/checkpoints`)).counts.completed >= before + 2 ? true : undefined), 60_000);
    await killTaskManagerOf(jobId, replacement);
  }
  const job = await cluster.waitForJobEnd(jobId, 120_000);
  assert.equal(job.state, 'FINISHED', JSON.stringify(job));

  const perKey = count / KEYS;
  const committed = committedCounts(out);
  const expected = Array.from({ length: perKey }, (_, i) => i + 1);
  for (let k = 0; k < KEYS; k++) assert.deepEqual(committed.get(k), expected, `key ${k}: the committed output is 1..${perKey}, each once, in order`);
  const byAttempt = countsByAttempt(out);
  assert.ok(byAttempt.size >= 6, `the first run and five restarts wrote output: attempts ${[...byAttempt.keys()]}`);
  for (const [attempt, keys] of byAttempt) {
    if (attempt === 0) continue;
    const firsts = [...keys.values()].map((ns) => ns[0]!);
    assert.ok(firsts.every((n) => n > 1), `attempt ${attempt} resumed from a checkpoint, not from 1: first counts ${firsts}`);
  }
  const stats = await cluster.getJson<Checkpoints>(`/jobs/${jobId}/checkpoints`);
  assert.ok(stats.counts.restored >= 5 && stats.latest.restored, JSON.stringify(stats.counts));
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
