/**
 * Sources. A source emits in chunks and calls `ctx.pause()` between chunks: the task then serves
 * incoming messages, flushes on the buffer timeout, and holds the source while its outputs are
 * backpressured. A source returns when it is exhausted or when `pause()` says to stop.
 *
 * Replayable sources read splits (source-splits.ts) and register their position, the splits
 * left with the place in the current one: fromElements/fromCollection the index of the next
 * element, fromSequence the next value, DataGeneratorSource the next index, readTextFile a byte
 * offset. The socket source cannot replay, registers none and ignores the splits.
 */
import type { SourceSpec } from '../api/stream-graph.js';
import type { Output } from './stream-operator.js';
import { runGeneratorSource } from './generator-source.js';
import { runSocketSource } from './socket-source.js';
import { indexRange } from '../common/index-range.js';
import { readSplits, SOURCE_CHUNK, type SourceSplit } from './source-splits.js';
import { runTextFileSource } from './text-file-source.js';

/** What a running source gets from its task. */
export interface SourceContext {
  output: Output;
  subtaskIndex: number;
  parallelism: number;
  /** Waits until the source may continue; resolves false when it must stop (cancelled or failed). */
  pause(): Promise<boolean>;
  /** The splits to read, in order: the subtask's own share on a fresh start; none makes a replayable source end at once. */
  splits: SourceSplit[];
  /**
   * A source that can replay registers how to read its position once, before it emits. The task
   * calls the provider at a checkpoint, which happens only while the source awaits (a pause or a
   * read): the position must then name the first record not yet emitted. A source that cannot
   * replay (a socket) registers none.
   */
  setPositionProvider(provider: () => unknown): void;
}

export { SOURCE_CHUNK } from './source-splits.js';

/** Runs a source to exhaustion (or until told to stop), reading the context's splits. */
export async function runSource(spec: SourceSpec, ctx: SourceContext): Promise<void> {
  const { output } = ctx;
  switch (spec.type) {
    case 'elements': {
      // Split i of p holds the elements i, i+p, i+2p, ...; its position is the next one's index.
      const els = spec.elements;
      let emitted = 0;
      return readSplits(ctx, async (split, cursor) => {
        for (let next = cursor.position ?? split.index; next < els.length; ) {
          output.collect(els[next]);
          cursor.position = next += split.parallelism;
          if (++emitted % SOURCE_CHUNK === 0 && !(await ctx.pause())) return false;
        }
        return true;
      });
    }
    case 'sequence':
      return readSplits(ctx, async (split, cursor) => {
        const range = indexRange(spec.to - spec.from + 1, split.index, split.parallelism);
        const end = spec.from + range.end;
        let next = cursor.position ?? spec.from + range.start;
        while (next < end) {
          const stop = Math.min(end, next + SOURCE_CHUNK);
          for (; next < stop; next++) output.collect(next);
          cursor.position = next;
          if (!(await ctx.pause())) return false;
        }
        return true;
      });
    case 'textFile':
      return runTextFileSource(spec.path, ctx);
    case 'socket':
      return runSocketSource(spec, ctx);
    case 'generator':
      return runGeneratorSource(spec, ctx);
  }
}
