/** The checkpoint section of docs/benchmarks.md: throughput with and without checkpoints, large state, recovery, goals. */
import type { CheckpointBenchResults } from './checkpoints.js';
import { percentile } from './lifecycle-report.js';
import type { Machine } from './machine.js';

const MiB = 2 ** 20;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const ms = (n: number): string => `${Math.round(n)} ms`;
const verdict = (pass: boolean): string => (pass ? 'PASS' : 'MISS');

/** With-checkpoints throughput ÷ without, per parallelism (ratio of the median durations, inverted). */
export function throughputRatios(r: CheckpointBenchResults): { parallelism: number; ratio: number }[] {
  return r.throughput.map((t) => ({ parallelism: t.parallelism, ratio: percentile(t.withoutMs, 0.5) / percentile(t.withMs, 0.5) }));
}

/** Whether every goal of the checkpoint benchmark is met. */
export function checkpointGoalsMet(r: CheckpointBenchResults): boolean {
  const fast = r.recovery.find((x) => x.heartbeatTimeout === '5 s');
  return throughputRatios(r).every((t) => t.ratio >= 0.9) && fast !== undefined && fast.toRunningMs <= 6000;
}

export function checkpointMarkdown(r: CheckpointBenchResults, m: Machine, words: number): string {
  const ratios = throughputRatios(r);
  const rows = r.throughput.map((t, i) => {
    const without = percentile(t.withoutMs, 0.5);
    const withCp = percentile(t.withMs, 0.5);
    return `| WordCount, parallelism ${t.parallelism} | ${s(without)} | ${s(withCp)} | ${t.completed.join(', ')} | ${ratios[i]!.ratio.toFixed(2)}× | ≥ 0.9× | ${verdict(ratios[i]!.ratio >= 0.9)} |`;
  });
  const fast = r.recovery.find((x) => x.heartbeatTimeout === '5 s');
  const recoveryRows = r.recovery.map((x) => `| \`heartbeat.timeout\` ${x.heartbeatTimeout === 'default' ? '50 s (default)' : x.heartbeatTimeout} | ${ms(x.toRunningMs)} | ${ms(x.restoreMs)} | ${x === fast ? `≤ 6 s | ${verdict(x.toRunningMs <= 6000)}` : '— |'} |`);
  const sizes = r.stateSizes.length > 0 ? `${(percentile(r.stateSizes, 0.5) / MiB).toFixed(1)} MiB` : '—';
  return [
    `Run on ${m.date.slice(0, 10)} (${m.date}) at commit ${m.revision}: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB memory, Node.js ${m.node}, ${m.platform}.`,
    `Throughput: the WordCount benchmark's job over ${(words / 1e6).toFixed(2)} M words, without checkpoints and with exactly-once checkpoints every second (\`execution.checkpointing.interval: 1 s\`, files under a temporary \`execution.checkpointing.dir\`), median job durations of ${r.throughput[0]!.withMs.length} rounds; the last column before the ratio lists the checkpoints each checkpointed run completed.`,
    '',
    '| job | without checkpoints | with 1 s checkpoints | checkpoints completed | throughput with ÷ without | goal | |',
    '|---|---:|---:|---|---:|---:|---|',
    ...rows,
    '',
    `Large state: \`bench/keyed-state-job.ts\` (an unbounded generator of ${r.keys.toLocaleString('en-US')} keys, a KeyedProcessFunction counting each key in ValueState, parallelism 1), checkpoints every second once every key has state; ${r.durationsMs.length} completed checkpoints measured: end-to-end duration p50 ${ms(percentile(r.durationsMs, 0.5))}, p99 ${ms(percentile(r.durationsMs, 0.99))}, max ${ms(Math.max(...r.durationsMs))}; state size p50 ${sizes}.`,
    '',
    'Recovery of that job: SIGKILL of its TaskManager (a second one is ready) until every task of the job is seen RUNNING again with its state restored; the restore time is the keyed subtask\'s INITIALIZING → RUNNING (reading and verifying its state file, rebuilding the keys).',
    '',
    '| setting | kill → RUNNING | restore of the keyed subtask | goal | |',
    '|---|---:|---:|---:|---|',
    ...recoveryRows,
  ].join('\n');
}
