/**
 * The savepoint, rescaling and state backend benchmark (issue 14), on real processes:
 * - backends: the keyed WordCount and the keyed-state job (counting 1 M keys in ValueState) run
 *   to the end with `state.backend.type` hashmap and rocksdb, in rounds (ratio of the medians);
 * - incremental checkpoints: the keyed-state job on rocksdb, where after every key has state only
 *   1 % of the keys change, checkpointing every 2 s with `state.backend.incremental` false and
 *   true: each checkpoint's persisted size (`checkpointed_size`) and end-to-end duration;
 * - savepoint and restore of 1 M keys: a savepoint (with cancel-job) against the job's periodic
 *   checkpoints, and a start from it against a start without state;
 * - rescale p=2 → p=3 end to end: `PUT /jobs/:id/resource-requirements` until the job runs 3
 *   subtasks again, against doing the same by hand (stop with a savepoint, run from it at p=3).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TestCluster, waitFor } from '../tests/helpers/processes.js';
import { runOnCluster, type ClusterConfig } from './cluster-run.js';

export interface StateBenchOptions {
  wordCountJar: string;
  corpus: string;
  keyedStateJar: string;
  /** Keys of the keyed-state job. */
  keys: number;
  /** Records of the keyed-state job's throughput runs (it counts `keys` keys round and round). */
  records: number;
  /** Completed checkpoints measured per incremental setting. */
  checkpoints: number;
  repeats: number;
  log(message: string): void;
}

/** One job's durations with each backend, one per round. */
export interface BackendRuns {
  job: string;
  hashmapMs: number[];
  rocksdbMs: number[];
}

/** Checkpoints of the keyed-state job on rocksdb with 1 % of its keys changing between them. */
export interface IncrementalRuns {
  incremental: boolean;
  /** Bytes each checkpoint wrote (`checkpointed_size`). */
  checkpointedSizes: number[];
  /** Bytes of the whole state each checkpoint stands for (`state_size`). */
  stateSizes: number[];
  durationsMs: number[];
}

export interface SavepointRun {
  /** End-to-end durations of the job's periodic checkpoints just before the savepoint. */
  checkpointMs: number[];
  /** From the savepoint request until its status was COMPLETED. */
  savepointMs: number;
  savepointBytes: number;
  /** From the run request until every task was RUNNING: without state, and from the savepoint. */
  freshStartMs: number;
  restoreStartMs: number;
  /** The keyed subtask's INITIALIZING → RUNNING when started from the savepoint. */
  keyedRestoreMs: number;
}

export interface RescaleRun {
  /** Stop with a savepoint, then run from it at parallelism 3, until every task runs. */
  byHandMs: number;
  /** `PUT /jobs/:id/resource-requirements` until the job runs every task at parallelism 3. */
  rescaleMs: number;
}

export interface StateBenchResults {
  keys: number;
  records: number;
  backends: BackendRuns[];
  incremental: IncrementalRuns[];
  savepoint: SavepointRun;
  rescale: RescaleRun;
}

interface JobInfo {
  state: string;
  vertices: { id: string; name: string; tasks: Record<string, number>; parallelism: number; metrics: Record<string, number> }[];
}

interface CheckpointHistory {
  counts: { completed: number };
  history: { id: number; status: string; trigger_timestamp: number; end_to_end_duration: number; state_size: number; checkpointed_size: number }[];
}

const ROCKSDB = { 'state.backend.type': 'rocksdb' };
/** Long enough for a full rocksdb checkpoint of 1 M keys on a slow machine to finish within it. */
const CHECKPOINTING = (dir: string, interval = '2 s'): Record<string, string> => ({ 'execution.checkpointing.interval': interval, 'execution.checkpointing.dir': dir });
const LONG = 600_000;

export async function runStateBench(work: string, opts: StateBenchOptions): Promise<StateBenchResults> {
  const backends = await backendThroughput(opts);
  const incremental: IncrementalRuns[] = [];
  for (const on of [false, true]) {
    opts.log(`incremental checkpoints ${on ? 'on' : 'off'} (rocksdb, ${opts.keys} keys, 1 % changing)`);
    incremental.push(await incrementalCheckpoints(work, opts, on));
  }
  opts.log(`savepoint and restore of ${opts.keys} keys`);
  const savepoint = await savepointAndRestore(work, opts);
  opts.log(`rescale of ${opts.keys} keys from parallelism 2 to 3`);
  const rescale = await rescaleRuns(work, opts);
  return { keys: opts.keys, records: opts.records, backends, incremental, savepoint, rescale };
}

/** Both jobs with both backends, every round running each once, so a slow spell hits all of them. */
async function backendThroughput(opts: StateBenchOptions): Promise<BackendRuns[]> {
  const jobs = [
    { job: 'WordCount (`sum`)', jar: opts.wordCountJar, config: { name: 'WordCount', taskManagerSlots: [1], parallelism: 1 } as ClusterConfig, args: [opts.corpus] },
    { job: `keyed-state job (ValueState, ${opts.keys.toLocaleString('en-US')} keys, ${opts.records.toLocaleString('en-US')} records)`, jar: opts.keyedStateJar, config: { name: 'keyed state', taskManagerSlots: [1], parallelism: 1, entryClass: 'BenchKeyedState' } as ClusterConfig, args: [String(opts.keys), '0', String(opts.records)] },
  ];
  const runs: BackendRuns[] = jobs.map((j) => ({ job: j.job, hashmapMs: [], rocksdbMs: [] }));
  for (let round = 1; round <= opts.repeats; round++) {
    for (const [i, j] of jobs.entries()) {
      opts.log(`backends round ${round} of ${opts.repeats}: ${j.config.name} on hashmap`);
      runs[i]!.hashmapMs.push((await runOnCluster(j.config, j.jar, j.args, {}, { 'state.backend.type': 'hashmap' })).durationMs);
      opts.log(`backends round ${round} of ${opts.repeats}: ${j.config.name} on rocksdb`);
      runs[i]!.rocksdbMs.push((await runOnCluster(j.config, j.jar, j.args, {}, ROCKSDB)).durationMs);
    }
  }
  return runs;
}

async function incrementalCheckpoints(work: string, opts: StateBenchOptions, incremental: boolean): Promise<IncrementalRuns> {
  return withCluster(opts.keyedStateJar, [3], async (cluster, jarId) => {
    const hot = Math.max(1, Math.floor(opts.keys / 100));
    const flinkConfiguration = { ...ROCKSDB, 'state.backend.incremental': String(incremental), ...CHECKPOINTING(join(work, `incremental-${incremental}`)) };
    const jobId = await cluster.runJar(jarId, { entryClass: 'BenchKeyedState', parallelism: 1, programArgsList: [String(opts.keys), '0', '0', String(hot)], flinkConfiguration });
    await everyKeyHasState(cluster, jobId, opts.keys);
    const filledAt = Date.now();
    // The first checkpoint triggered after the fill may still hold part of it: measure the ones after.
    const stats = await waitFor(`${opts.checkpoints + 1} checkpoints after every key has state`, async () => {
      const s = await cluster.getJson<CheckpointHistory>(`/jobs/${jobId}/checkpoints`);
      const after = completedSince(s, filledAt);
      return after.length > opts.checkpoints ? after.slice(1, opts.checkpoints + 1) : undefined;
    }, LONG);
    await cancel(cluster, jobId);
    return { incremental, checkpointedSizes: stats.map((h) => h.checkpointed_size), stateSizes: stats.map((h) => h.state_size), durationsMs: stats.map((h) => h.end_to_end_duration) };
  });
}

async function savepointAndRestore(work: string, opts: StateBenchOptions): Promise<SavepointRun> {
  return withCluster(opts.keyedStateJar, [2], async (cluster, jarId) => {
    const body = (extra: Record<string, unknown> = {}) => ({ entryClass: 'BenchKeyedState', parallelism: 1, programArgsList: [String(opts.keys)], flinkConfiguration: CHECKPOINTING(join(work, 'savepoint-checkpoints')), ...extra });
    const { jobId, ms: freshStartMs } = await timedStart(cluster, () => cluster.runJar(jarId, body()), 1);
    await everyKeyHasState(cluster, jobId, opts.keys);
    const filledAt = Date.now();
    const checkpoints = await waitFor('3 checkpoints after every key has state', async () => {
      const after = completedSince(await cluster.getJson<CheckpointHistory>(`/jobs/${jobId}/checkpoints`), filledAt);
      return after.length >= 3 ? after : undefined;
    }, LONG);
    const started = performance.now();
    const location = await savepointOperation(cluster, jobId, 'savepoints', { 'target-directory': join(work, 'savepoints'), 'cancel-job': true });
    const savepointMs = performance.now() - started;
    await cluster.waitForJobEnd(jobId, LONG);
    const restored = await timedStart(cluster, () => cluster.runJar(jarId, body({ savepointPath: location })), 1);
    const keyedRestoreMs = await keyedSubtaskRestoreMs(cluster, restored.jobId);
    await cancel(cluster, restored.jobId);
    return { checkpointMs: checkpoints.map((h) => h.end_to_end_duration), savepointMs, savepointBytes: directoryBytes(location), freshStartMs, restoreStartMs: restored.ms, keyedRestoreMs };
  });
}

async function rescaleRuns(work: string, opts: StateBenchOptions): Promise<RescaleRun> {
  return withCluster(opts.keyedStateJar, [5], async (cluster, jarId) => {
    const body = (parallelism: number, extra: Record<string, unknown> = {}) => ({ entryClass: 'BenchKeyedState', parallelism, programArgsList: [String(opts.keys)], flinkConfiguration: CHECKPOINTING(join(work, 'rescale-checkpoints')), ...extra });
    const byHand = await cluster.runJar(jarId, body(2));
    await everyKeyHasState(cluster, byHand, opts.keys);
    let started = performance.now();
    const location = await savepointOperation(cluster, byHand, 'stop', { targetDirectory: join(work, 'rescale-savepoints'), drain: false });
    await cluster.waitForJobEnd(byHand, LONG);
    const restarted = await timedStart(cluster, () => cluster.runJar(jarId, body(3, { savepointPath: location })), 3);
    const byHandMs = performance.now() - started;
    await cancel(cluster, restarted.jobId);

    const jobId = await cluster.runJar(jarId, body(2));
    await everyKeyHasState(cluster, jobId, opts.keys);
    const requirements = await cluster.getJson<Record<string, { parallelism: { lowerBound: number; upperBound: number } }>>(`/jobs/${jobId}/resource-requirements`);
    for (const r of Object.values(requirements)) r.parallelism = { lowerBound: 1, upperBound: 3 };
    started = performance.now();
    const res = await fetch(`${cluster.restUrl}/jobs/${jobId}/resource-requirements`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(requirements) });
    if (!res.ok) throw new Error(`PUT resource-requirements: ${res.status} ${await res.text()}`);
    await allRunning(cluster, jobId, 3);
    const rescaleMs = performance.now() - started;
    await cancel(cluster, jobId);
    return { byHandMs, rescaleMs };
  });
}

/** A JobManager and TaskManagers of `slots`, the package `jar` uploaded; stopped after `body`. */
async function withCluster<T>(jar: string, slots: number[], body: (cluster: TestCluster, jarId: string) => Promise<T>): Promise<T> {
  const cluster = new TestCluster(['restart-strategy.type=none']);
  try {
    await cluster.startJobManager();
    for (const n of slots) await cluster.startTaskManager(n);
    return await body(cluster, await cluster.uploadJar(jar));
  } finally {
    await cluster.stop();
  }
}

/** Starts a job and waits until every task of it runs (or has finished) at `parallelism`; the time from the request. */
async function timedStart(cluster: TestCluster, start: () => Promise<string>, parallelism: number): Promise<{ jobId: string; ms: number }> {
  const started = performance.now();
  const jobId = await start();
  await allRunning(cluster, jobId, parallelism);
  return { jobId, ms: performance.now() - started };
}

async function allRunning(cluster: TestCluster, jobId: string, parallelism: number): Promise<void> {
  await waitFor(`job ${jobId} to run every task at parallelism ${parallelism}`, async () => {
    const job = await cluster.getJson<JobInfo>(`/jobs/${jobId}`);
    if (job.state === 'FAILED' || job.state === 'CANCELED') throw new Error(`job ${jobId} ended ${job.state}\n${cluster.output()}`);
    // A restored source subtask that got no splits to read finishes at once (see docs/checkpoints.md, Rescaling).
    const up = (v: JobInfo['vertices'][number]): boolean => v.parallelism === parallelism && v.tasks.RUNNING! > 0 && v.tasks.RUNNING! + v.tasks.FINISHED! === parallelism;
    return job.state === 'RUNNING' && job.vertices.every(up) ? true : undefined;
  }, LONG);
}

async function everyKeyHasState(cluster: TestCluster, jobId: string, keys: number): Promise<void> {
  await waitFor('every key to have state', async () => {
    const job = await cluster.getJson<JobInfo>(`/jobs/${jobId}`);
    return (job.vertices.at(-1)!.metrics['read-records'] ?? 0) >= keys ? true : undefined;
  }, LONG);
}

/** Completed checkpoints triggered after `since`, oldest first. */
function completedSince(s: CheckpointHistory, since: number): CheckpointHistory['history'] {
  return s.history.filter((h) => h.status === 'COMPLETED' && h.trigger_timestamp > since).sort((a, b) => a.id - b.id);
}

/** Triggers a savepoint (`savepoints`) or stop-with-savepoint (`stop`) and waits for its location. */
async function savepointOperation(cluster: TestCluster, jobId: string, route: 'savepoints' | 'stop', body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${cluster.restUrl}/jobs/${jobId}/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`POST ${route}: ${res.status} ${await res.text()}`);
  const { 'request-id': requestId } = (await res.json()) as { 'request-id': string };
  const done = await waitFor(`the savepoint of job ${jobId}`, async () => {
    const s = await cluster.getJson<{ status: { id: string }; operation?: { location?: string; 'failure-cause'?: unknown } }>(`/jobs/${jobId}/savepoints/${requestId}`);
    return s.status.id === 'COMPLETED' ? s.operation : undefined;
  }, LONG);
  if (done?.location === undefined) throw new Error(`The savepoint failed: ${JSON.stringify(done)}`);
  return done.location;
}

async function keyedSubtaskRestoreMs(cluster: TestCluster, jobId: string): Promise<number> {
  const job = await cluster.getJson<JobInfo>(`/jobs/${jobId}`);
  const times = await cluster.getJson<{ subtasks: { timestamps: Record<string, number> }[] }>(`/jobs/${jobId}/vertices/${job.vertices.at(-1)!.id}/subtasktimes`);
  const t = times.subtasks[0]!.timestamps;
  return t.RUNNING! - t.INITIALIZING!;
}

async function cancel(cluster: TestCluster, jobId: string): Promise<void> {
  await fetch(`${cluster.restUrl}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
  await cluster.waitForJobEnd(jobId, LONG);
}

/** Bytes of every file under `dir`. */
function directoryBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);
}
