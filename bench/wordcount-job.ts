/**
 * The benchmark job, packaged with `sluice package` and submitted to real clusters:
 * readTextFile → tokenize → keyBy(word) → sum(1) → a sink that discards.
 *
 * Args: `<corpus> [countsDir]`. With `countsDir`, the sink instead keeps each word's latest
 * (= final) count and writes them to `countsDir/counts-<subtask>.json` when it closes, so a
 * verification run can compare them with the hand-written loop's.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StreamExecutionEnvironment, type Collector, type RuntimeContext, type SinkFunction } from 'sluice';
import { tokens } from './tokenize.js';

type WordCount = [string, number];

export class BenchWordCount {
  static async main(args: string[]): Promise<void> {
    const [corpus, countsDir] = args;
    if (!corpus) throw new Error('usage: BenchWordCount <corpus> [countsDir]');
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    const counts = env
      .readTextFile(corpus)
      .flatMap((line: string, out: Collector<WordCount>) => {
        for (const t of tokens(line)) if (t.length > 0) out.collect([t, 1]);
      })
      .keyBy((pair) => pair[0])
      .sum(1);
    counts.addSink(countsDir ? new FinalCountsSink(countsDir) : () => undefined);
    await env.execute('Benchmark WordCount');
  }
}

/** Keeps the last count seen per word; writes them all as JSON on close. */
class FinalCountsSink implements SinkFunction<WordCount> {
  private readonly counts = new Map<string, number>();
  private subtask = 0;

  constructor(private readonly dir: string) {}

  open(context: RuntimeContext): void {
    this.subtask = context.getIndexOfThisSubtask();
  }

  invoke(value: WordCount): void {
    this.counts.set(value[0], value[1]);
  }

  close(): void {
    writeFileSync(join(this.dir, `counts-${this.subtask}.json`), JSON.stringify(Object.fromEntries(this.counts)));
  }
}
