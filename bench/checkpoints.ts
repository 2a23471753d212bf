/**
 * The checkpoint benchmark (issue 13), on real processes:
 * - throughput cost: WordCount at parallelism 1 and 2 with exactly-once checkpoints every second,
 *   against the same run without, in rounds (the ratio of the medians);
 * - large state: a job whose keyed operator holds `keys` keys of heap state (1 M by default)
 *   checkpoints every second; the end-to-end durations of its completed checkpoints (p50, p99)
 *   and their size, from `GET /jobs/:id/checkpoints`;
 * - recovery: SIGKILL of the TaskManager running that job until the job is RUNNING again with
 *   every task running (state restored), with `heartbeat.timeout` 5 s and at its default; and the
 *   restore time of the keyed subtask (its INITIALIZING to RUNNING, when it reads its state).
 */
import { join } from 'node:path';
import { ROOT, TestCluster, packageJob, waitFor } from '../tests/helpers/processes.js';
import { runOnCluster, type ClusterConfig } from './cluster-run.js';

export interface CheckpointBenchOptions {
  wordCountJar: string;
  corpus: string;
  repeats: number;
  keys: number;
  /** Completed checkpoints of the large-state job to measure. */
  checkpoints: number;
  log(message: string): void;
}

export interface ThroughputRuns {
  parallelism: number;
  withoutMs: number[];
  withMs: number[];
  /** Checkpoints completed in each run with checkpointing. */
  completed: number[];
}

export interface RecoveryRun {
  heartbeatTimeout: string;
  /** From the kill until every task of the job was seen RUNNING again. */
  toRunningMs: number;
  /** The restored keyed subtask's INITIALIZING → RUNNING. */
  restoreMs: number;
}

export interface CheckpointBenchResults {
  throughput: ThroughputRuns[];
  keys: number;
  durationsMs: number[];
  stateSizes: number[];
  recovery: RecoveryRun[];
}

interface CheckpointStats {
  counts: { completed: number; failed: number };
  history: { id: number; status: string; end_to_end_duration: number; state_size: number; checkpointed_size: number }[];
}

interface JobInfo {
  state: string;
  timestamps: Record<string, number>;
  vertices: { id: string; name: string; tasks: Record<string, number>; parallelism: number; metrics: Record<string, number> }[];
}

const CHECKPOINTING = (dir: string): Record<string, string> => ({
  'execution.checkpointing.interval': '1 s',
  'execution.checkpointing.mode': 'EXACTLY_ONCE',
  'execution.checkpointing.dir': dir,
});

export async function runCheckpointBench(work: string, opts: CheckpointBenchOptions): Promise<CheckpointBenchResults> {
  const throughput: ThroughputRuns[] = [1, 2].map((parallelism) => ({ parallelism, withoutMs: [], withMs: [], completed: [] }));
  for (let round = 1; round <= opts.repeats; round++) {
    for (const runs of throughput) {
      const config: ClusterConfig = { name: `parallelism ${runs.parallelism}`, taskManagerSlots: [runs.parallelism], parallelism: runs.parallelism };
      opts.log(`checkpoints round ${round} of ${opts.repeats}: WordCount ${config.name} without checkpoints`);
      runs.withoutMs.push((await runOnCluster(config, opts.wordCountJar, [opts.corpus])).durationMs);
      opts.log(`checkpoints round ${round} of ${opts.repeats}: WordCount ${config.name} with 1 s checkpoints`);
      const withCheckpoints = await runOnCluster(config, opts.wordCountJar, [opts.corpus], {}, CHECKPOINTING(join(work, `wc-checkpoints-${round}-${runs.parallelism}`)));
      runs.withMs.push(withCheckpoints.durationMs);
      runs.completed.push(withCheckpoints.checkpoints?.completed ?? 0);
    }
  }
  const jar = join(work, 'keyed-state.jar');
  await packageJob(join(ROOT, 'bench/keyed-state-job.ts'), jar);
  const recovery: RecoveryRun[] = [];
  let durationsMs: number[] = [];
  let stateSizes: number[] = [];
  for (const heartbeatTimeout of ['5 s', undefined]) {
    opts.log(`large state (${opts.keys} keys), recovery with heartbeat.timeout ${heartbeatTimeout ?? 'default'}`);
    const run = await largeState(jar, work, opts, heartbeatTimeout);
    recovery.push(run.recovery);
    if (heartbeatTimeout) ({ durationsMs, stateSizes } = run);
  }
  return { throughput, keys: opts.keys, durationsMs, stateSizes, recovery };
}

/** Runs the large-state job until `opts.checkpoints` checkpoints completed with every key in state, then kills its TaskManager. */
async function largeState(jar: string, work: string, opts: CheckpointBenchOptions, heartbeatTimeout: string | undefined) {
  const cluster = new TestCluster([
    'restart-strategy.type=fixed-delay',
    'restart-strategy.fixed-delay.delay=0 ms',
    ...(heartbeatTimeout ? [`heartbeat.timeout=${heartbeatTimeout}`, 'heartbeat.interval=1 s'] : []),
  ]);
  try {
    await cluster.startJobManager();
    const victim = await cluster.startTaskManager(1);
    const jarId = await cluster.uploadJar(jar);
    const jobId = await cluster.runJar(jarId, { entryClass: 'BenchKeyedState', parallelism: 1, programArgsList: [String(opts.keys)], flinkConfiguration: CHECKPOINTING(join(work, `state-${heartbeatTimeout ?? 'default'}`)) });
    // Every key has state once the keyed vertex has read `keys` records; measure checkpoints after that.
    await waitFor('every key to have state', async () => {
      const job = await cluster.getJson<JobInfo>(`/jobs/${jobId}`);
      return (job.vertices.at(-1)!.metrics['read-records'] ?? 0) >= opts.keys ? true : undefined;
    }, 300_000);
    const first = (await cluster.getJson<CheckpointStats>(`/jobs/${jobId}/checkpoints`)).counts.completed;
    const stats = await waitFor(`${opts.checkpoints} completed checkpoints`, async () => {
      const s = await cluster.getJson<CheckpointStats>(`/jobs/${jobId}/checkpoints`);
      return s.counts.completed >= first + opts.checkpoints ? s : undefined;
    }, 600_000);
    const measured = stats.history.filter((h) => h.status === 'COMPLETED').slice(0, opts.checkpoints);
    await cluster.startTaskManager(1);
    const killedAt = Date.now();
    process.kill(victim.pid, 'SIGKILL');
    const job = await waitFor('the job to run again', async () => {
      const j = await cluster.getJson<JobInfo>(`/jobs/${jobId}`);
      return j.timestamps.RUNNING! > killedAt && j.state === 'RUNNING' && j.vertices.every((v) => v.tasks.RUNNING === v.parallelism) ? j : undefined;
    }, 180_000);
    const toRunningMs = Date.now() - killedAt;
    const times = await cluster.getJson<{ subtasks: { timestamps: Record<string, number> }[] }>(`/jobs/${jobId}/vertices/${job.vertices.at(-1)!.id}/subtasktimes`);
    const t = times.subtasks[0]!.timestamps;
    await fetch(`${cluster.restUrl}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
    return {
      durationsMs: measured.map((h) => h.end_to_end_duration),
      stateSizes: measured.map((h) => h.state_size),
      recovery: { heartbeatTimeout: heartbeatTimeout ?? 'default', toRunningMs, restoreMs: t.RUNNING! - t.INITIALIZING! },
    };
  } finally {
    await cluster.stop();
  }
}
