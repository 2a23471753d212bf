/** The REST section of docs/benchmarks.md: each route beside its ceiling, the upload's memory, the goals. */
import type { Machine } from './machine.js';
import type { RestResults, RouteResult } from './rest.js';
import type { LoadResult } from './rest-load.js';

const MiB = 2 ** 20;
/** The upload goal: the JobManager's RSS grows by less than this. */
export const UPLOAD_GROWTH_LIMIT = 64 * MiB;

/** One goal of issue 5 and whether it was met. */
export interface RestGoal {
  goal: string;
  measured: string;
  target: string;
  pass: boolean;
}

const fixed = (n: number, digits = 2): string => n.toFixed(digits);
const perSecond = (r: LoadResult): string => Math.round(r.requestsPerSecond).toLocaleString('en-US');
const latency = (r: LoadResult): string => `${r.p50Ms} / ${r.p99Ms} / ${r.maxMs}`;
const ratio = (r: RouteResult): number => r.measured.requestsPerSecond / r.ceiling.requestsPerSecond;
const mib = (bytes: number): string => `${fixed(bytes / MiB, 1)} MiB`;

/** The goals: throughput ratio and p99 for the two small routes, p99 for the job list, upload growth. */
export function restGoals(r: RestResults): RestGoal[] {
  const goals: RestGoal[] = [];
  for (const route of r.routes) {
    if (route.route === 'GET /jobs/overview') {
      goals.push({ goal: `${route.route} (${r.jobs} jobs) p99`, measured: `${route.measured.p99Ms} ms`, target: '≤ 50 ms', pass: route.measured.p99Ms <= 50 });
      continue;
    }
    goals.push({ goal: `${route.route} req/s vs the ceiling`, measured: `${fixed(ratio(route))}×`, target: '≥ 0.5×', pass: ratio(route) >= 0.5 });
    goals.push({ goal: `${route.route} p99`, measured: `${route.measured.p99Ms} ms`, target: '≤ 20 ms', pass: route.measured.p99Ms <= 20 });
  }
  const growth = r.upload.peakRss - r.upload.baselineRss;
  goals.push({ goal: `JobManager RSS growth during a ${mib(r.upload.upload.totalBytes)} upload`, measured: mib(growth), target: `< ${mib(UPLOAD_GROWTH_LIMIT)}`, pass: growth < UPLOAD_GROWTH_LIMIT });
  const o = r.overLimit.outcome;
  goals.push({
    goal: `upload over the default web.upload.max-size (${mib(r.overLimit.limit)}): 413 before the whole body is sent`,
    measured: `${o.status} after ${mib(o.sentAtAnswer)} of ${mib(o.totalBytes)}`,
    target: '413, early',
    pass: o.status === 413 && o.sentAtAnswer < o.totalBytes,
  });
  return goals;
}

/** The markdown of the results, for `<!-- bench:rest -->`. */
export function restMarkdown(r: RestResults, m: Machine): string {
  const load = r.load;
  const rows = r.routes.flatMap((route) => [
    `| ${route.route} | ${route.bodyBytes.toLocaleString('en-US')} | ${perSecond(route.measured)} | ${latency(route.measured)} | ${fixed(route.measured.serverCores)} / ${fixed(route.measured.generatorCores)} | ${fixed(ratio(route))}× |`,
    `| ceiling: bare Fastify, the same bytes | ${route.bodyBytes.toLocaleString('en-US')} | ${perSecond(route.ceiling)} | ${latency(route.ceiling)} | ${fixed(route.ceiling.serverCores)} / ${fixed(route.ceiling.generatorCores)} | 1.00× |`,
  ]);
  const u = r.upload;
  return [
    `Run on ${m.date.slice(0, 10)} (${m.date}) at commit ${m.revision}: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB memory, Node.js ${m.node}, ${m.platform}. ` +
      `The whole benchmark took ${fixed(r.totalMs / 60_000, 1)} min, ${fixed(r.jobsMs / 60_000, 1)} min of it making the jobs.`,
    `A JobManager and one TaskManager (${r.concurrency} slots), real processes; ${r.jobs} finished jobs in the job store (the article's WordCount, run ${r.concurrency} at a time). ` +
      `autocannon in the benchmark's process, ${load.connections} connections, pipelining ${load.pipelining}, ${load.warmupSeconds} s of warm-up then ${load.durationSeconds} s measured per row; ` +
      'each route is followed at once by its ceiling, a bare Fastify server (same version, its own process) answering the same bytes from a constant string.',
    '',
    '| route | body (bytes) | req/s | latency ms p50 / p99 / max | cores: server / load generator | × ceiling |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    'Latencies are autocannon\'s, at 1 ms resolution (0 means under 1 ms). The cores columns are the CPU time of the server process and of the ' +
      'benchmark process (autocannon) over the measured seconds: together they cannot exceed the machine\'s cores.',
    '',
    `Upload: a ${mib(u.upload.totalBytes)} job package (WordCount plus a stored entry of random bytes) streamed from disk to \`POST /jars/upload\` ` +
      `(\`web.upload.max-size\` ${mib(r.uploadLimit)}) in ${fixed(u.upload.ms / 1000)} s, answered ${u.upload.status}. ` +
      `JobManager VmRSS: ${mib(u.baselineRss)} before, ${mib(u.peakRss)} at the highest of ${u.samples} samples every ${u.sampleIntervalMs} ms during and 0.5 s after it ` +
      `(growth ${mib(u.peakRss - u.baselineRss)}; VmHWM ${mib(u.highWaterMark)}). ` +
      `Over the limit, on a JobManager with the default \`web.upload.max-size\`: answered ${r.overLimit.outcome.status} in ${fixed(r.overLimit.outcome.ms / 1000)} s, ` +
      `when ${mib(r.overLimit.outcome.sentAtAnswer)} of the ${mib(r.overLimit.outcome.totalBytes)} request had been handed to the socket.`,
    '',
    '| goal | measured | target | |',
    '|---|---:|---:|---|',
    ...restGoals(r).map((g) => `| ${g.goal} | ${g.measured} | ${g.target} | ${g.pass ? 'PASS' : 'MISS'} |`),
  ].join('\n');
}
