/**
 * The benchmark's report: the results table, the goals (issue 12's) with PASS/MISS, and writing
 * them into `docs/benchmarks.md` between markers, so the hand-written analysis around them stays.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { ClusterResult } from './cluster-run.js';
import type { LoopResult } from './loop-run.js';
import type { Machine } from './machine.js';

export interface BenchResults {
  machine: Machine;
  words: number;
  corpusBytes: number;
  /** Every repetition of the loop. */
  loopRuns: LoopResult[];
  /** Every repetition per configuration, in the order of CONFIGS in run.ts: p1, p2 in one TaskManager, p2 on two. */
  clusterRuns: ClusterResult[][];
  verification: { words: number; mismatches: string[] };
}

export interface Goal {
  goal: string;
  ratio: number;
  target: number;
  /** True when a smaller ratio is better (memory). */
  atMost?: boolean;
}

const MiB = 2 ** 20;
const fixed = (n: number, digits = 2): string => n.toFixed(digits);
const millions = (n: number): string => `${fixed(n / 1e6)} M`;

/** The run with the median time (for an even count, the faster of the middle two). */
function median<T>(runs: T[], time: (run: T) => number): T {
  return [...runs].sort((a, b) => time(a) - time(b))[Math.floor((runs.length - 1) / 2)]!;
}

const medianLoop = (r: BenchResults): LoopResult => median(r.loopRuns, (l) => l.ms);
const medianClusters = (r: BenchResults): ClusterResult[] => r.clusterRuns.map((runs) => median(runs, (c) => c.durationMs));

/** The four goals of issue 12: times are medians; memory is the highest peak of any run. */
export function goals(r: BenchResults): Goal[] {
  const loop = medianLoop(r);
  const [p1, oneTm, twoTms] = medianClusters(r);
  const tmPeak = Math.max(...r.clusterRuns.flat().flatMap((c) => c.taskManagerPeakRss));
  const loopPeak = Math.max(...r.loopRuns.map((l) => l.peakRss));
  return [
    { goal: 'parallelism 1 ÷ the loop (words/s)', ratio: loop.ms / p1!.durationMs, target: 0.8 },
    { goal: 'parallelism 2 in one TaskManager ÷ parallelism 1', ratio: p1!.durationMs / oneTm!.durationMs, target: 1.7 },
    { goal: 'parallelism 2 on two TaskManagers ÷ parallelism 2 in one', ratio: oneTm!.durationMs / twoTms!.durationMs, target: 0.9 },
    { goal: 'highest TaskManager peak RSS vs the loop\'s', ratio: tmPeak / loopPeak, target: 2.5, atMost: true },
  ];
}

export function passed(g: Goal): boolean {
  return g.atMost ? g.ratio <= g.target : g.ratio >= g.target;
}

/** `median (min–max)` of the times in seconds. */
function timeRange(times: number[], medianTime: number): string {
  if (times.length === 1) return fixed(medianTime / 1000);
  return `${fixed(medianTime / 1000)} (${fixed(Math.min(...times) / 1000)}–${fixed(Math.max(...times) / 1000)})`;
}

/** The results section of docs/benchmarks.md. */
export function resultsMarkdown(r: BenchResults): string {
  const m = r.machine;
  const loop = medianLoop(r);
  const clusters = medianClusters(r);
  const loopRate = r.words / (loop.ms / 1000);
  const rows = [
    `| hand-written loop (1 thread) | ${timeRange(r.loopRuns.map((l) => l.ms), loop.ms)} | — | ${millions(loopRate)} | 1.00 | — | ${fixed(loop.peakRss / MiB, 0)} | 1.00 |`,
    ...clusters.map((c, i) => {
      const rate = r.words / (c.durationMs / 1000);
      const rss = c.taskManagerPeakRss.map((b) => fixed(b / MiB, 0)).join(' + ');
      const rssRatio = c.taskManagerPeakRss.map((b) => fixed(b / loop.peakRss)).join(' / ');
      const time = timeRange(r.clusterRuns[i]!.map((run) => run.durationMs), c.durationMs);
      const cpu = c.taskManagerCpuMs.map((ms) => `${fixed(ms / 1000, 1)} (${fixed(ms / c.wallMs)})`).join(' + ');
      return `| ${c.config.name} | ${time} | ${fixed(c.wallMs / 1000)} | ${millions(rate)} | ${fixed(rate / loopRate)} | ${cpu} | ${rss} | ${rssRatio} |`;
    }),
  ];
  const counted = r.clusterRuns.every((runs) => runs.every((c) => c.wordsCounted === loop.words))
    ? 'equal in every run'
    : `**differs**: ${r.clusterRuns.flat().filter((c) => c.wordsCounted !== loop.words).map((c) => `${c.config.name}: ${c.wordsCounted}`).join('; ')} (loop: ${loop.words})`;
  const verified = r.verification.mismatches.length === 0 ? 'every word\'s final count equals the loop\'s' : `**${r.verification.mismatches.length} words differ**, e.g. ${r.verification.mismatches.slice(0, 5).join(', ')}`;
  return [
    `Run on ${m.date.slice(0, 10)} (${m.date}) at commit ${m.revision}: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB memory, Node.js ${m.node}, ${m.platform}.`,
    `Corpus: ${millions(r.words)} words (${loop.distinctWords} distinct), ${fixed(r.corpusBytes / MiB, 1)} MiB. ` +
      `Each configuration ran ${r.loopRuns.length} times, in rounds; the table shows the run with the median time.`,
    '',
    '| run | time (s), median (min–max) | wall (s) | words/s | × loop | TaskManager CPU s (cores) | peak RSS (MiB) | RSS × loop |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    'Time is the loop\'s own measurement (reading through counting) and the job\'s `duration` from `GET /jobs/:id` ' +
      '(deployment included); wall is from the run request until the job was seen FINISHED (plan extraction included). ' +
      'TaskManager CPU is the user + system time of all the process\'s threads from the run request to FINISHED, ' +
      'and in brackets that time over wall time (cores kept busy). ' +
      'Peak RSS is the loop process\'s `maxRSS` and each TaskManager process\'s `VmHWM`.',
    '',
    '| goal | measured | target | |',
    '|---|---:|---:|---|',
    ...goals(r).map((g) => `| ${g.goal} | ${fixed(g.ratio)}× | ${g.atMost ? '≤' : '≥'} ${g.target}× | ${passed(g) ? 'PASS' : 'MISS'} |`),
    '',
    `Correctness: words counted by the keyed vertex (\`read-records\`) vs the loop's total — ${counted}. ` +
      `Verification run (${millions(r.verification.words)} words, parallelism 2 on two TaskManagers, a sink that keeps the final counts): ${verified}.`,
  ].join('\n');
}

/** Replaces the text between `<!-- bench:<section> -->` and `<!-- /bench:<section> -->` in `doc`. */
export function writeSection(doc: string, section: string, markdown: string): void {
  const start = `<!-- bench:${section} -->`;
  const end = `<!-- /bench:${section} -->`;
  const text = existsSync(doc) ? readFileSync(doc, 'utf8') : '# Benchmarks\n';
  const block = `${start}\n${markdown}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next = from >= 0 && to > from ? text.slice(0, from) + block + text.slice(to + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(doc, next);
}
