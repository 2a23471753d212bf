/** The state section of docs/benchmarks.md: backends, incremental checkpoints, savepoint and restore, rescale. */
import { percentile } from './lifecycle-report.js';
import type { Machine } from './machine.js';
import type { StateBenchResults } from './state-backends.js';

const MiB = 2 ** 20;
const median = (values: number[]): number => percentile(values, 0.5);
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const ms = (n: number): string => `${Math.round(n)} ms`;
const mib = (bytes: number): string => `${(bytes / MiB).toFixed(2)} MiB`;
const ratio = (n: number): string => `${n.toFixed(2)}×`;

export function stateMarkdown(r: StateBenchResults, m: Machine, words: number): string {
  const [full, incremental] = [r.incremental.find((x) => !x.incremental)!, r.incremental.find((x) => x.incremental)!];
  const sp = r.savepoint;
  return [
    `Run on ${m.date.slice(0, 10)} (${m.date}) at commit ${m.revision}: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB memory, Node.js ${m.node}, ${m.platform}.`,
    '',
    `**Keyed state backends**: each job at parallelism 1 to its end with \`state.backend.type\` hashmap and rocksdb, median job durations of ${r.backends[0]!.hashmapMs.length} rounds. The WordCount is the benchmark's job over ${(words / 1e6).toFixed(2)} M words. Flink's own rocksdb ÷ heap ratio is about 0.3–0.5.`,
    '',
    '| job | hashmap | rocksdb | throughput rocksdb ÷ hashmap |',
    '|---|---:|---:|---:|',
    ...r.backends.map((b) => `| ${b.job} | ${s(median(b.hashmapMs))} | ${s(median(b.rocksdbMs))} | ${ratio(median(b.hashmapMs) / median(b.rocksdbMs))} |`),
    '',
    `**Incremental checkpoints**: the keyed-state job on rocksdb with ${r.keys.toLocaleString('en-US')} keys; once every key has state only the first 1 % of the keys change; checkpoints every 2 s, ${full.durationsMs.length} measured per setting (the first after every key has state is left out). Medians:`,
    '',
    '| `state.backend.incremental` | written per checkpoint (`checkpointed_size`) | whole state (`state_size`) | end-to-end duration |',
    '|---|---:|---:|---:|',
    ...[full, incremental].map((x) => `| ${x.incremental} | ${mib(median(x.checkpointedSizes))} | ${mib(median(x.stateSizes))} | ${ms(median(x.durationsMs))} |`),
    `| incremental ÷ full | ${ratio(median(incremental.checkpointedSizes) / median(full.checkpointedSizes))} | | ${ratio(median(incremental.durationsMs) / median(full.durationsMs))} |`,
    '',
    `**Savepoint and restore of ${r.keys.toLocaleString('en-US')} keys** (hashmap, parallelism 1): a savepoint with \`cancel-job\` from its request to COMPLETED, against the job's periodic checkpoints just before it; a start from that savepoint (run request until every task is RUNNING, state read), against the same job's start without state.`,
    '',
    '| | time | baseline | ratio |',
    '|---|---:|---:|---:|',
    `| savepoint (${mib(sp.savepointBytes)}) | ${ms(sp.savepointMs)} | checkpoint p50 ${ms(median(sp.checkpointMs))} | ${ratio(sp.savepointMs / median(sp.checkpointMs))} |`,
    `| start from the savepoint (keyed subtask's restore ${ms(sp.keyedRestoreMs)}) | ${ms(sp.restoreStartMs)} | start without state ${ms(sp.freshStartMs)} | ${ratio(sp.restoreStartMs / sp.freshStartMs)} |`,
    '',
    `**Rescale** of that job (${r.keys.toLocaleString('en-US')} keys) from parallelism 2 to 3: \`PUT /jobs/:id/resource-requirements\` until every task runs at parallelism 3, against the same by hand (\`POST /jobs/:id/stop\`, then a run from the savepoint at parallelism 3, until every task runs): ${ms(r.rescale.rescaleMs)} against ${ms(r.rescale.byHandMs)}, ${ratio(r.rescale.rescaleMs / r.rescale.byHandMs)}.`,
  ].join('\n');
}
