/**
 * The cluster-lifecycle benchmark (issue 4), on real processes:
 * - submission latency of a trivial job against a warm cluster: from the run request to the job's
 *   RUNNING and FINISHED timestamps (the JobManager's clock, same host), over sequential
 *   submissions; baselines measured in the same run: a `GET /overview` round trip and starting a
 *   bare `node` process;
 * - JobManager RSS idle and after many finished jobs (they stay in the job store, as in Flink);
 * - failover time: SIGKILL of a TaskManager running half of a job until the job is RUNNING again
 *   with every task running, with `heartbeat.timeout` at its default and at 5 s.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, TestCluster, packageJob, waitFor } from '../tests/helpers/processes.js';
import { rss } from './proc-stats.js';

/** Pause between sequential submissions, as a person or a script between two jobs. */
export const THINK_TIME_MS = 500;

export interface LifecycleResults {
  submissions: number;
  toRunningMs: number[];
  toFinishedMs: number[];
  overviewRoundTripMs: number[];
  nodeStartMs: number[];
  jobsForMemory: number;
  jobManagerRssIdle: number;
  jobManagerRssAfterJobs: number;
  failover: { heartbeatTimeout: string; times: number[] }[];
}

export interface LifecycleOptions {
  submissions: number;
  jobsForMemory: number;
  failoverRounds: number;
  log(message: string): void;
}

interface JobInfo {
  state: string;
  timestamps: Record<string, number>;
  vertices: { tasks: Record<string, number>; parallelism: number }[];
}

/** Runs the whole benchmark; `work` holds the job packages. */
export async function runLifecycle(work: string, opts: LifecycleOptions): Promise<LifecycleResults> {
  const wordCount = join(work, 'wordcount.jar');
  await packageJob(join(ROOT, 'examples/wordcount.ts'), wordCount);
  const failoverJar = join(work, 'failover.jar');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/failover.ts'), failoverJar);
  const latency = await submissionsAndMemory(wordCount, opts);
  const failover = [];
  for (const timeout of [undefined, '5 s']) {
    const times: number[] = [];
    for (let round = 1; round <= opts.failoverRounds; round++) {
      opts.log(`failover ${round} of ${opts.failoverRounds}, heartbeat.timeout ${timeout ?? 'default'}`);
      times.push(await failoverOnce(failoverJar, timeout));
    }
    failover.push({ heartbeatTimeout: timeout ?? '50 s (default)', times });
  }
  return { ...latency, failover };
}

async function submissionsAndMemory(jar: string, opts: LifecycleOptions): Promise<Omit<LifecycleResults, 'failover'>> {
  const cluster = new TestCluster();
  try {
    const jm = await cluster.startJobManager();
    await cluster.startTaskManager(2);
    const jarId = await cluster.uploadJar(jar);
    const jobManagerRssIdle = rss(jm.pid);
    // Warm-up: the first run loads what every later one reuses.
    await runToEnd(cluster, jarId);
    const toRunningMs: number[] = [];
    const toFinishedMs: number[] = [];
    const overviewRoundTripMs: number[] = [];
    opts.log(`${opts.submissions} sequential submissions`);
    for (let i = 0; i < opts.submissions; i++) {
      // A warm cluster: the spare plan-extraction child and spare task workers started after the
      // previous job are ready (back to back, they compete with the submission for two cores).
      await new Promise((resolve) => setTimeout(resolve, THINK_TIME_MS));
      const { started, job } = await runToEnd(cluster, jarId);
      toRunningMs.push(job.timestamps.RUNNING! - started);
      toFinishedMs.push(job.timestamps.FINISHED! - started);
      const t0 = performance.now();
      await cluster.getJson('/overview');
      overviewRoundTripMs.push(performance.now() - t0);
    }
    const nodeStartMs = Array.from({ length: 20 }, () => {
      const t0 = performance.now();
      execFileSync(process.execPath, ['-e', '0']);
      return performance.now() - t0;
    });
    const more = opts.jobsForMemory - opts.submissions - 1;
    opts.log(`${more} more jobs, 4 at a time, for the JobManager's memory`);
    for (let i = 0; i < more; i += 4) {
      await Promise.all(Array.from({ length: Math.min(4, more - i) }, () => runToEnd(cluster, jarId)));
    }
    return {
      submissions: opts.submissions,
      toRunningMs,
      toFinishedMs,
      overviewRoundTripMs,
      nodeStartMs,
      jobsForMemory: opts.jobsForMemory,
      jobManagerRssIdle,
      jobManagerRssAfterJobs: rss(jm.pid),
    };
  } finally {
    await cluster.stop();
  }
}

async function runToEnd(cluster: TestCluster, jarId: string): Promise<{ started: number; job: JobInfo }> {
  const started = Date.now();
  const jobId = await cluster.runJar(jarId, { entryClass: 'WordCount' });
  const job = await waitFor(`job ${jobId} to finish`, async () => {
    const j = await cluster.getJson<JobInfo>(`/jobs/${jobId}`);
    if (j.state === 'FAILED' || j.state === 'CANCELED') throw new Error(`job ${jobId} ended ${j.state}`);
    return j.state === 'FINISHED' ? j : undefined;
  }, 60_000);
  return { started, job };
}

/** One SIGKILL of the TaskManager holding half of a running job; ms until the job runs fully again. */
async function failoverOnce(jar: string, heartbeatTimeout: string | undefined): Promise<number> {
  const cluster = new TestCluster([
    'cluster.evenly-spread-out-slots=true',
    'restart-strategy.type=fixed-delay',
    'restart-strategy.fixed-delay.delay=0 ms',
    ...(heartbeatTimeout ? [`heartbeat.timeout=${heartbeatTimeout}`, 'heartbeat.interval=1 s'] : []),
  ]);
  try {
    await cluster.startJobManager();
    await cluster.startTaskManager(2);
    const victim = await cluster.startTaskManager(2);
    const jarId = await cluster.uploadJar(jar);
    const jobId = await cluster.runJar(jarId, { entryClass: 'SlowCount', parallelism: 2, programArgsList: ['1000000', '2000', join(cluster.workDir, 'out')] });
    await waitFor('the job to run', async () => (fullyRunning(await cluster.getJson<JobInfo>(`/jobs/${jobId}`)) ? true : undefined));
    const killedAt = Date.now();
    process.kill(victim.pid, 'SIGKILL');
    // Polled every 20 ms: the time is when every task of the new attempt was seen running.
    for (;;) {
      const j = await cluster.getJson<JobInfo>(`/jobs/${jobId}`);
      if (j.timestamps.RUNNING! > killedAt && fullyRunning(j)) return Date.now() - killedAt;
      if (Date.now() - killedAt > 180_000) throw new Error(`The job did not run again within 180 s: ${JSON.stringify(j)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await cluster.stop();
  }
}

function fullyRunning(job: JobInfo): boolean {
  return job.state === 'RUNNING' && job.vertices.every((v) => v.tasks.RUNNING === v.parallelism);
}
