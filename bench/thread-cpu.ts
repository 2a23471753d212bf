/**
 * CPU time per TaskManager thread over a run. /proc is sampled while the job runs because the
 * task workers exit when their slot is freed, taking their CPU time out of /proc with them.
 * Threads are named from the TaskManagers' thread dumps, taken once while every task runs and
 * again at the end.
 */
import { threadCpuTimesMs } from './proc-stats.js';

/** One thread of a TaskManager and its CPU time over the run. */
export interface ThreadCpu {
  name: string;
  cpuMs: number;
}

/** A thread that was in neither dump: it started after the first and ended before the second. */
const UNNAMED_THREAD = 'unnamed (ended with the job)';

const SAMPLE_INTERVAL_MS = 200;

export class ThreadCpuSampler {
  /** Per process: CPU time at the start of each thread alive then, and the last seen of every thread. */
  private readonly first: Map<number, number>[];
  private readonly last: Map<number, number>[];
  private readonly timer: NodeJS.Timeout;
  private readonly names = new Map<number, string>();

  constructor(private readonly pids: number[]) {
    this.first = pids.map(threadCpuTimesMs);
    this.last = this.first.map((m) => new Map(m));
    this.timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);
  }

  /** Takes a last sample and stops sampling. */
  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  /** Names the threads from the thread dumps once every task of `jobId` runs (the task workers exit with the job). */
  async nameWhileRunning(restUrl: string, jobId: string): Promise<void> {
    for (;;) {
      const job = (await (await fetch(`${restUrl}/jobs/${jobId}`)).json()) as { state: string; vertices: { status: string }[] };
      if (job.state !== 'RUNNING' && job.state !== 'CREATED' && job.state !== 'INITIALIZING') return;
      if (job.vertices.every((v) => v.status === 'RUNNING')) break;
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_INTERVAL_MS));
    }
    await this.addNames(restUrl);
  }

  /** Per process, each thread's CPU over the run, named from the dumps taken (and one more now). */
  async named(restUrl: string): Promise<ThreadCpu[][]> {
    await this.addNames(restUrl);
    return this.pids.map((_, i) =>
      [...this.last[i]!].map(([tid, ms]) => ({ name: this.names.get(tid) ?? UNNAMED_THREAD, cpuMs: ms - (this.first[i]!.get(tid) ?? 0) })).filter((t) => t.cpuMs > 0),
    );
  }

  /** Thread names by OS thread id over every TaskManager's thread dump (`"name" Id=<tid> ...`); earlier names stay. */
  private async addNames(restUrl: string): Promise<void> {
    const { taskmanagers } = (await (await fetch(`${restUrl}/taskmanagers`)).json()) as { taskmanagers: { id: string }[] };
    for (const { id } of taskmanagers) {
      const dump = (await (await fetch(`${restUrl}/taskmanagers/${id}/thread-dump`)).json()) as { threadInfos: { threadName: string; stringifiedThreadInfo: string }[] };
      for (const t of dump.threadInfos) {
        const tid = Number(/" Id=(\d+) /.exec(t.stringifiedThreadInfo)?.[1]);
        // A task worker's name lists its job and tasks; its slot is enough here.
        if (tid && !this.names.has(tid)) this.names.set(tid, t.threadName.replace(/ \(job [^)]*\):.*/, ''));
      }
    }
  }

  private sample(): void {
    this.pids.forEach((pid, i) => {
      for (const [tid, ms] of threadCpuTimesMs(pid)) this.last[i]!.set(tid, ms);
    });
  }
}
