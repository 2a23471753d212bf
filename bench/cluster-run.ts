/**
 * One benchmark configuration on real processes, as the integration tests run them: a fresh
 * JobManager and TaskManagers from `bin/sluice.js`, the job package uploaded and run over REST,
 * polled to FINISHED. Reports the job's own `duration`, the wall time from the run request to
 * FINISHED, records read by the keyed vertex, and each TaskManager's peak RSS.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { TestCluster, type NodeLaunchOptions } from '../tests/helpers/processes.js';
import { cpuTimeMs, peakRss } from './proc-stats.js';
import { ThreadCpuSampler, type ThreadCpu } from './thread-cpu.js';

/** A cluster layout: slots per TaskManager process, and the job's parallelism. */
export interface ClusterConfig {
  name: string;
  taskManagerSlots: number[];
  parallelism: number;
  /** The job's entry class; BenchWordCount when absent. */
  entryClass?: string;
}

export interface ClusterResult {
  config: ClusterConfig;
  /** The job's `duration` from `GET /jobs/:id` (ms). */
  durationMs: number;
  /** From the run request until the job was seen FINISHED (ms). */
  wallMs: number;
  /** `read-records` of the keyed vertex: the number of words that reached the counts. */
  wordsCounted: number;
  /** Peak RSS (VmHWM) of each TaskManager process, in bytes, read just before stopping it. */
  taskManagerPeakRss: number[];
  /** CPU time (user + system, all threads) of each TaskManager process from the run request to FINISHED, in ms. */
  taskManagerCpuMs: number[];
  /** Per TaskManager, each thread's CPU time from the run request to FINISHED. */
  taskManagerThreads: ThreadCpu[][];
  /** With checkpointing on: the job's checkpoint counts at the end. */
  checkpoints?: { completed: number; failed: number };
}

interface JobDetails {
  state: string;
  duration: number;
  vertices: { name: string; metrics: Record<string, number> }[];
}

/** Generous: a slow machine may take minutes for the full corpus. */
const JOB_TIMEOUT_MS = 30 * 60_000;

/** Runs the job in a new cluster of `config` and stops the cluster again. */
export async function runOnCluster(config: ClusterConfig, jar: string, programArgs: string[], launch: NodeLaunchOptions = {}, flinkConfiguration?: Record<string, string>): Promise<ClusterResult> {
  const cluster = new TestCluster();
  try {
    await cluster.startJobManager();
    const taskManagers = [];
    for (const slots of config.taskManagerSlots) taskManagers.push(await cluster.startTaskManager(slots, true, launch));
    const jarId = await upload(cluster, jar);
    const cpuBefore = taskManagers.map((tm) => cpuTimeMs(tm.pid));
    const threads = new ThreadCpuSampler(taskManagers.map((tm) => tm.pid));
    const started = performance.now();
    const jobId = await run(cluster, jarId, { entryClass: config.entryClass ?? 'BenchWordCount', parallelism: config.parallelism, programArgsList: programArgs, ...(flinkConfiguration && { flinkConfiguration }) });
    const naming = threads.nameWhileRunning(cluster.restUrl, jobId);
    const job = (await cluster.waitForJobEnd(jobId, JOB_TIMEOUT_MS).finally(() => threads.stop())) as unknown as JobDetails;
    const wallMs = performance.now() - started;
    const taskManagerCpuMs = taskManagers.map((tm, i) => cpuTimeMs(tm.pid) - cpuBefore[i]!);
    if (job.state !== 'FINISHED') throw new Error(`${config.name}: the job ended ${job.state}\n${cluster.output()}`);
    await naming;
    const taskManagerThreads = await threads.named(cluster.restUrl);
    const keyed = job.vertices.find((v) => v.name.startsWith('Keyed Aggregation'));
    const checkpoints = flinkConfiguration?.['execution.checkpointing.interval'] !== undefined ? (await cluster.getJson<{ counts: { completed: number; failed: number } }>(`/jobs/${jobId}/checkpoints`)).counts : undefined;
    return {
      config,
      durationMs: job.duration,
      wallMs,
      wordsCounted: keyed?.metrics['read-records'] ?? NaN,
      taskManagerPeakRss: taskManagers.map((tm) => peakRss(tm.pid)),
      taskManagerCpuMs,
      taskManagerThreads,
      ...(checkpoints && { checkpoints }),
    };
  } finally {
    await cluster.stop();
  }
}

async function upload(cluster: TestCluster, jar: string): Promise<string> {
  const form = new FormData();
  form.append('jarfile', new Blob([readFileSync(jar)]), basename(jar));
  const res = await fetch(`${cluster.restUrl}/jars/upload`, { method: 'POST', body: form });
  if (!res.ok) throw new Error(`Upload failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { filename: string }).filename.split('/').pop()!;
}

async function run(cluster: TestCluster, jarId: string, body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${cluster.restUrl}/jars/${jarId}/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`Run failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { jobid: string }).jobid;
}
