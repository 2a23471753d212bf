/** The cluster-lifecycle section of docs/benchmarks.md: latency percentiles, memory, failover, goals. */
import { THINK_TIME_MS, type LifecycleResults } from './lifecycle.js';
import type { Machine } from './machine.js';

const MiB = 2 ** 20;

/** The p-th percentile (0 < p ≤ 1) by the nearest-rank method. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

const ms = (n: number): string => `${Math.round(n)} ms`;

export function lifecycleMarkdown(r: LifecycleResults, m: Machine): string {
  const nodeStart = percentile(r.nodeStartMs, 0.5);
  const overview = percentile(r.overviewRoundTripMs, 0.5);
  const running = percentile(r.toRunningMs, 0.5);
  const finished = percentile(r.toFinishedMs, 0.5);
  const verdict = (value: number, goal: number): string => (value <= goal ? 'PASS' : 'MISS');
  const failoverRows = r.failover.map((f) => {
    const sorted = [...f.times].sort((a, b) => a - b);
    return `| failover: SIGKILL of a TaskManager → job RUNNING again, every task running (median of ${f.times.length}), \`heartbeat.timeout\` ${f.heartbeatTimeout} | ${ms(percentile(f.times, 0.5))} (${ms(sorted[0]!)}–${ms(sorted[sorted.length - 1]!)}) | — | node start ${ms(nodeStart)} | ${(percentile(f.times, 0.5) / nodeStart).toFixed(1)}× | — | |`;
  });
  return [
    `Run on ${m.date.slice(0, 10)} (${m.date}) at commit ${m.revision}: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB memory, Node.js ${m.node}, ${m.platform}.`,
    `A warm cluster (JobManager + one TaskManager with 2 slots, real processes); the job is \`examples/wordcount.ts\` (the article's WordCount, 4 records), submitted ${r.submissions} times one after the other through \`POST /jars/:id/run\`, ${THINK_TIME_MS} ms after the previous job ended (so the cluster is warm: the spare plan-extraction child and spare task workers started after a job are ready; back to back, they compete with the next submission for the two cores, which costs ~100 ms at p50). Times run from the request to the job's RUNNING and FINISHED timestamps (the JobManager's clock, same host). Baselines from the same run: a \`GET /overview\` round trip, and starting a bare \`node -e 0\` process.`,
    '',
    '| measurement | p50 | p99 | baseline (p50) | × baseline | goal | |',
    '|---|---:|---:|---:|---:|---:|---|',
    `| submit → RUNNING | ${ms(running)} | ${ms(percentile(r.toRunningMs, 0.99))} | node start ${ms(nodeStart)} | ${(running / nodeStart).toFixed(1)}× | ≤ 150 ms | ${verdict(running, 150)} |`,
    `| submit → FINISHED | ${ms(finished)} | ${ms(percentile(r.toFinishedMs, 0.99))} | node start ${ms(nodeStart)} | ${(finished / nodeStart).toFixed(1)}× | ≤ 300 ms | ${verdict(finished, 300)} |`,
    `| \`GET /overview\` round trip | ${(overview).toFixed(1)} ms | ${percentile(r.overviewRoundTripMs, 0.99).toFixed(1)} ms | — | — | — | |`,
    ...failoverRows,
    '',
    `JobManager resident memory (VmRSS): ${(r.jobManagerRssIdle / MiB).toFixed(0)} MiB idle after start, ${(r.jobManagerRssAfterJobs / MiB).toFixed(0)} MiB after ${r.jobsForMemory} finished jobs (${(r.jobManagerRssAfterJobs / r.jobManagerRssIdle).toFixed(2)}× idle; the finished jobs stay in the job store for \`jobstore.expiration-time\`, an hour by default, as in Flink).`,
  ].join('\n');
}
