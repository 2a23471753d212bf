/**
 * The runtime of Flink's DataGeneratorSource: subtask i of p emits `generator(index)` for its
 * contiguous range of the indices `0..count-1` (of 0..2^53-1 when unbounded, as Flink splits
 * 0..Long.MAX_VALUE), at most `recordsPerSecond / p` per second when rate limited. It reads
 * splits (a rescaled subtask may read several old subtasks' ranges); a split's position is the
 * next index. A restored subtask resumes there, its rate limit counting anew from the restart
 * (it does not catch up on the time it was down).
 */
import type { SourceSpec } from '../api/stream-graph.js';
import { RateLimiter } from './rate-limiter.js';
import { indexRange } from '../common/index-range.js';
import { readSplits, SOURCE_CHUNK } from './source-splits.js';
import type { SourceContext } from './sources.js';
import { bindUserFunction } from './user-functions.js';

/** The longest a rate-limited source sleeps before it checks (pause()) whether to stop. */
export const MAX_RATE_LIMIT_SLEEP_MS = 50;

type GeneratorSpec = Extract<SourceSpec, { type: 'generator' }>;

export async function runGeneratorSource(spec: GeneratorSpec, ctx: SourceContext): Promise<void> {
  const generate = bindUserFunction<(index: number) => unknown>(spec.generator, 'map');
  const total = spec.count === Infinity ? Number.MAX_SAFE_INTEGER + 1 : spec.count;
  const limiter = spec.recordsPerSecond === undefined ? undefined : new RateLimiter(spec.recordsPerSecond / ctx.parallelism);
  const output = ctx.output;
  return readSplits(ctx, async (split, cursor) => {
    const { start, end } = indexRange(total, split.index, split.parallelism);
    let i = cursor.position ?? start;
    while (i < end) {
      const chunk = Math.min(SOURCE_CHUNK, end - i);
      const n = limiter === undefined ? chunk : limiter.take(chunk);
      for (const stop = i + n; i < stop; i++) output.collect(generate(i));
      cursor.position = i;
      if (n === 0) await sleep(Math.min(limiter!.delayMs(), MAX_RATE_LIMIT_SLEEP_MS));
      if (!(await ctx.pause())) return false;
    }
    return true;
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
