/**
 * Failures on real processes (issue 4): a TaskManager killed with SIGKILL mid-job (the job
 * restarts on the remaining slots and finishes with correct results; the exception history names
 * the lost TaskManager), a TaskManager restarted with the same id re-registers, fixed-delay
 * restarts of a job whose function calls process.exit, a job needing more slots than exist (it
 * says it waits for them, on /jobs/:id and in `sluice run`, then fails after slot.request.timeout),
 * cancelling a job whose map function never returns, and a JobManager restarted on its ports
 * found again by the running TaskManagers; SIGTERM stops everything cleanly, suspending a
 * running job.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { ROOT, SLUICE_BIN, SluiceProcess, TestCluster, alive, packageJob, waitFor } from './helpers/processes.js';
import { lastCounts } from './helpers/slow-count.js';

const cluster = new TestCluster([
  'cluster.evenly-spread-out-slots=true',
  'heartbeat.interval=500',
  'heartbeat.timeout=5000',
  'task.cancellation.timeout=1500',
  'taskmanager.memory.task.heap.size=128mb',
  'task.watchdog.timeout=5 s',
  'restart-strategy.type=fixed-delay',
  'restart-strategy.fixed-delay.attempts=3',
  'restart-strategy.fixed-delay.delay=100 ms',
]);
let jarId: string;
let jobManager: SluiceProcess;
const taskManagers: SluiceProcess[] = [];

interface Job {
  state: string;
  vertices: { id: string; tasks: Record<string, number>; metrics: Record<string, number> }[];
}
interface WaitingJob {
  'waiting-for-slots'?: { message: string };
}
/** The top-level fields of `/jobs/:id/exceptions` that Flink 1.x still writes. */
interface FlinkOneExceptions {
  'root-exception': string | null;
  timestamp: number | null;
  'all-exceptions': { exception: string; task: string; location: string; timestamp: number; taskManagerId: string; 'attempt-num': number; 'subtask-index': number; 'vertex-id': string }[];
  truncated: boolean;
}
interface Exceptions {
  exceptionHistory: { entries: { exceptionName: string; stacktrace: string; taskName?: string; taskManagerId?: string; timestamp: number }[] };
}

before(async () => {
  const jar = join(cluster.workDir, 'failover.jar');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/failover.ts'), jar);
  jobManager = await cluster.startJobManager();
  taskManagers.push(await cluster.startTaskManager(2, true, {}, ['taskmanager.resource-id=tm-a']));
  taskManagers.push(await cluster.startTaskManager(2, true, {}, ['taskmanager.resource-id=tm-b']));
  jarId = await cluster.uploadJar(jar);
});

after(async () => {
  await cluster.stop();
});

/** The root cause of a failed job, from `GET /jobs/:id/execution-result`. */
async function rootCause(jobId: string): Promise<string> {
  const body = await cluster.getJson<{ 'job-execution-result': { 'failure-cause'?: { 'stack-trace': string } } }>(`/jobs/${jobId}/execution-result`);
  return body['job-execution-result']['failure-cause']?.['stack-trace'] ?? '';
}

async function freeSlots(): Promise<number> {
  return ((await cluster.getJson('/overview')) as { 'slots-available': number })['slots-available'];
}

async function waitForAllSlotsFree(): Promise<void> {
  await waitFor('every slot to be free again', async () => ((await freeSlots()) === 4 ? true : undefined));
}

test('a TaskManager killed mid-job: the job restarts on the remaining slots and finishes with correct counts', async () => {
  const out = join(cluster.workDir, 'slow-count');
  const jobId = await cluster.runJar(jarId, { entryClass: 'SlowCount', parallelism: 2, programArgsList: ['4000', '1000', out] });
  // Evenly spread: one slot on each TaskManager. Kill tm-b once records flow.
  await waitFor('records to reach the counting tasks', async () => {
    const job = await cluster.getJson<Job>(`/jobs/${jobId}`);
    return job.state === 'RUNNING' && job.vertices.every((v) => v.tasks.RUNNING === 2) && (job.vertices[1]!.metrics['read-records'] ?? 0) > 0 ? true : undefined;
  });
  const killedAt = Date.now();
  process.kill(taskManagers[1]!.pid, 'SIGKILL');
  await taskManagers[1]!.exited;

  const job = await cluster.waitForJobEnd(jobId, 60_000);
  assert.equal(job.state, 'FINISHED', JSON.stringify(job));
  const counts = lastCounts(out);
  assert.deepEqual([...counts.entries()].sort((a, b) => a[0] - b[0]), [0, 1, 2, 3, 4, 5, 6, 7].map((k) => [k, 500]), 'every key counted exactly once, from the restarted run');

  const exceptions = await cluster.getJson<Exceptions>(`/jobs/${jobId}/exceptions`);
  const entry = exceptions.exceptionHistory.entries.find((e) => e.taskManagerId === 'tm-b');
  assert.ok(entry, `an exception names the lost TaskManager: ${JSON.stringify(exceptions)}`);
  assert.match(entry.stacktrace, /tm-b/);
  assert.ok(entry.timestamp >= killedAt && entry.taskName, JSON.stringify(entry));
  assert.equal(await cluster.taskManagerCount(), 1, 'the ResourceManager dropped the lost TaskManager');
  await waitFor('the remaining TaskManager\'s slots to be free', async () => ((await freeSlots()) === 2 ? true : undefined));
});

test('a TaskManager restarted with the same id registers again and its slots are used', async () => {
  taskManagers[1] = await cluster.startTaskManager(2, true, {}, ['taskmanager.resource-id=tm-b']);
  assert.equal(await cluster.taskManagerCount(), 2);
  await waitForAllSlotsFree();
  const out = join(cluster.workDir, 'slow-count-2');
  const jobId = await cluster.runJar(jarId, { entryClass: 'SlowCount', parallelism: 2, programArgsList: ['800', '4000', out] });
  const job = await cluster.waitForJobEnd(jobId);
  assert.equal(job.state, 'FINISHED');
  const tms = await cluster.getJson<{ taskmanagers: { id: string }[] }>('/taskmanagers');
  assert.deepEqual(tms.taskmanagers.map((t) => t.id).sort(), ['tm-a', 'tm-b']);
  assert.equal(lastCounts(out).get(3), 100);
});

test('a function that calls process.exit fails its task, is restarted as configured, and kills nothing', async () => {
  const jobId = await cluster.runJar(jarId, { entryClass: 'Exits' });
  const job = await cluster.waitForJobEnd(jobId);
  assert.equal(job.state, 'FAILED');
  const exceptions = await cluster.getJson<Exceptions>(`/jobs/${jobId}/exceptions`);
  const entries = exceptions.exceptionHistory.entries;
  assert.equal(entries.length, 4, `the first run and 3 restarts failed: ${JSON.stringify(entries.map((e) => e.exceptionName))}`);
  for (const e of entries) assert.match(e.stacktrace, /worker .*exited with code 1|exited with code 1/);
  assert.match(await rootCause(jobId), /exited with code 1 \(recovery is suppressed by FixedDelayRestartBackoffTimeStrategy\(maxNumberRestartAttempts=3/);
  assert.ok(alive(jobManager.pid) && taskManagers.every((tm) => alive(tm.pid)), 'no process died');
  assert.equal(await cluster.taskManagerCount(), 2);
  await waitForAllSlotsFree();
});

/** Runs `entryClass` without restarts; it must fail with `cause` and leave every process up and every slot free. */
async function failsAloneWith(entryClass: string, cause: RegExp): Promise<void> {
  const jobId = await cluster.runJar(jarId, { entryClass, flinkConfiguration: { 'restart-strategy.type': 'none' } });
  const job = await cluster.waitForJobEnd(jobId, 120_000);
  assert.equal(job.state, 'FAILED');
  assert.match(await rootCause(jobId), cause);
  assert.ok(alive(jobManager.pid) && taskManagers.every((tm) => alive(tm.pid)), 'no process died');
  await waitForAllSlotsFree();
}

test('a function that runs its worker out of heap fails the job; the TaskManager stays up', async () => {
  await failsAloneWith('Hoards', /memory limit|out of memory/i);
});

test('a function that blocks its thread for good fails the job after task.watchdog.timeout; the TaskManager stays up', async () => {
  await failsAloneWith('Blocks', /was terminated: it did not respond for 5000 ms \(task\.watchdog\.timeout\): a user function blocks the thread's event loop/);
});

test('a job whose own configuration says restart-strategy none fails at the first failure', async () => {
  const jobId = await cluster.runJar(jarId, { entryClass: 'Exits', flinkConfiguration: { 'restart-strategy.type': 'none' } });
  const job = await cluster.waitForJobEnd(jobId);
  assert.equal(job.state, 'FAILED');
  const exceptions = await cluster.getJson<Exceptions & FlinkOneExceptions>(`/jobs/${jobId}/exceptions`);
  assert.equal(exceptions.exceptionHistory.entries.length, 1);
  assert.match(await rootCause(jobId), /exited with code 1/);
  assert.doesNotMatch(await rootCause(jobId), /suppressed/);
  // What a Flink 1.x dashboard shows: the root exception and the failed attempt with its task and location.
  assert.match(exceptions['root-exception']!, /exited with code 1/);
  assert.ok(exceptions.timestamp! >= exceptions.exceptionHistory.entries[0]!.timestamp, JSON.stringify(exceptions.timestamp));
  assert.equal(exceptions.truncated, false);
  const [failed] = exceptions['all-exceptions'];
  assert.match(failed!.exception, /exited with code 1/);
  assert.match(failed!.task, /^Source: .*Map.* \(1\/1\)$/);
  assert.match(failed!.location, /^127\.0\.0\.1:\d+$/);
  assert.ok(['tm-a', 'tm-b'].includes(failed!.taskManagerId), failed!.taskManagerId);
  assert.ok(failed!.timestamp > 0);
  assert.equal(failed!['subtask-index'], 0);
  assert.equal(typeof failed!['attempt-num'], 'number');
  assert.match(failed!['vertex-id'], /^[0-9a-f]{32}$/);
  const bad = await fetch(`${cluster.restUrl}/jars/${jarId}/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ entryClass: 'Exits', flinkConfiguration: { 'restart-strategy.type': 'sometimes' } }) });
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /restart-strategy\.type/);
});

test('a job needing more slots than exist fails after slot.request.timeout and its restarts, naming the numbers', async () => {
  await waitForAllSlotsFree();
  const jobId = await cluster.runJar(jarId, {
    entryClass: 'SlowCount', parallelism: 5, programArgsList: ['10', '100', join(cluster.workDir, 'never')],
    flinkConfiguration: { 'slot.request.timeout': '1 s', 'web.exception-history-size': '3' },
  });
  const running = await cluster.getJson<Job>(`/jobs/${jobId}`);
  assert.ok(['CREATED', 'RUNNING'].includes(running.state), running.state);
  // While it waits (between restarts) it says for what, so it never looks hung. The slots it can
  // have arrive one offer at a time: wait until it holds all four (under load, an earlier poll
  // sees it holding fewer, and says so).
  const waiting = await waitFor('the job to say it waits for its fifth slot', async () => {
    const w = (await cluster.getJson<WaitingJob>(`/jobs/${jobId}`))['waiting-for-slots'];
    return w && /holds 4 of/.test(w.message) ? w : undefined;
  });
  assert.equal(waiting.message, 'Waiting for 1 more task slot (holds 4 of the 5 it needs; 0 free in the cluster)');
  const job = await cluster.waitForJobEnd(jobId);
  assert.equal(job.state, 'FAILED');
  assert.match(await rootCause(jobId), /needs 5 slots but got 4 within slot\.request\.timeout \(1000 ms\).*recovery is suppressed by FixedDelayRestartBackoffTimeStrategy/s);
  // The restart strategy (fixed-delay, 3 attempts) applied: a timeout per round, as in Flink; of
  // the 4 failures the history keeps the newest 3 (web.exception-history-size) and says so.
  const { exceptionHistory } = await cluster.getJson<{ exceptionHistory: { entries: { timestamp: number }[]; truncated: boolean } }>(`/jobs/${jobId}/exceptions`);
  assert.equal(exceptionHistory.entries.length, 3);
  assert.equal(exceptionHistory.truncated, true);
  await waitForAllSlotsFree();
});

test('sluice run says once that its job waits for a slot; cancelled, it exits 1', async () => {
  await waitForAllSlotsFree();
  const args = ['run', '-m', cluster.restUrl.replace('http://', ''), '-p', '5', '-c', 'SlowCount', join(cluster.workDir, 'failover.jar'), '10', '100', join(cluster.workDir, 'never')];
  const run = new SluiceProcess('sluice run', spawn(process.execPath, [SLUICE_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
  try {
    const jobId = await waitFor('sluice run to say the job waits', () => /JobID (\w+)\n.*Waiting for/s.exec(run.stdout)?.[1]);
    assert.equal((await fetch(`${cluster.restUrl}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' })).status, 202);
    assert.equal(await run.exited, 1);
    assert.deepEqual(run.stdout.split('\n').filter((l) => l.startsWith('Waiting')), ['Waiting for 1 more task slot (holds 4 of the 5 it needs; 0 free in the cluster)']);
    assert.match(run.stderr, /ended CANCELED/);
  } finally {
    await run.stop();
  }
  await waitForAllSlotsFree();
});

test('cancel interrupts a map function that never returns, and the slots come back', async () => {
  const jobId = await cluster.runJar(jarId, { entryClass: 'Spins' });
  await waitFor('the spinning task to run', async () => {
    const job = await cluster.getJson<Job>(`/jobs/${jobId}`);
    return job.vertices.every((v) => v.tasks.RUNNING === 1) ? true : undefined;
  });
  const res = await fetch(`${cluster.restUrl}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
  assert.equal(res.status, 202);
  const job = await cluster.waitForJobEnd(jobId);
  assert.equal(job.state, 'CANCELED');
  await waitForAllSlotsFree();
  assert.ok(taskManagers.every((tm) => alive(tm.pid)), 'the TaskManager survived terminating the worker');
  // The slot is usable again.
  const next = await cluster.runJar(jarId, { entryClass: 'SlowCount', parallelism: 2, programArgsList: ['80', '4000', join(cluster.workDir, 'after-cancel')] });
  assert.equal((await cluster.waitForJobEnd(next)).state, 'FINISHED');
});

test('a JobManager killed and restarted on the same ports is found again by the TaskManagers', async () => {
  process.kill(jobManager.pid, 'SIGKILL');
  await jobManager.exited;
  jobManager = await cluster.startJobManager(true);
  await waitFor('both TaskManagers to register with the new JobManager', async () => ((await cluster.taskManagerCount()) === 2 ? true : undefined));
  const jar = join(cluster.workDir, 'failover.jar');
  const again = await cluster.uploadJar(jar);
  const jobId = await cluster.runJar(again, { entryClass: 'SlowCount', parallelism: 2, programArgsList: ['80', '4000', join(cluster.workDir, 'after-restart')] });
  assert.equal((await cluster.waitForJobEnd(jobId)).state, 'FINISHED');
  assert.ok(taskManagers.every((tm) => alive(tm.pid)));
});

test('SIGTERM stops the JobManager cleanly, suspending a running job, then the TaskManagers', async () => {
  const jobId = await cluster.runJar(await cluster.uploadJar(join(cluster.workDir, 'failover.jar')), { entryClass: 'SlowCount', parallelism: 2, programArgsList: ['100000', '1000', join(cluster.workDir, 'suspended')] });
  await waitFor('the job to run', async () => ((await cluster.getJson<Job>(`/jobs/${jobId}`)).state === 'RUNNING' ? true : undefined));
  process.kill(jobManager.pid, 'SIGTERM');
  assert.equal(await jobManager.exited, 0);
  assert.match(jobManager.stderr, new RegExp(`Job ${jobId} switched from RUNNING to SUSPENDED`));
  for (const tm of taskManagers) {
    process.kill(tm.pid, 'SIGTERM');
    assert.equal(await tm.exited, 0, tm.stderr.slice(-2000));
  }
});
