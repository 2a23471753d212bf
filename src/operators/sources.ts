/**
 * Sources. A source emits in chunks and calls `ctx.pause()` between chunks: the task then serves
 * incoming messages, flushes on the buffer timeout, and holds the source while its outputs are
 * backpressured. A source returns when it is exhausted or when `pause()` says to stop.
 *
 * Replayable sources register their position (`setPositionProvider`) and resume from
 * `restoredPosition`: fromElements/fromCollection the index of the next element, fromSequence
 * the next value, DataGeneratorSource the next index, readTextFile a byte offset. The socket
 * source cannot replay and registers none.
 */
import type { SourceSpec } from '../api/stream-graph.js';
import type { Output } from './stream-operator.js';
import { runGeneratorSource } from './generator-source.js';
import { runSocketSource } from './socket-source.js';
import { indexRange, resumePosition, SOURCE_CHUNK } from './source-splits.js';
import { runTextFileSource } from './text-file-source.js';

/** What a running source gets from its task. */
export interface SourceContext {
  output: Output;
  subtaskIndex: number;
  parallelism: number;
  /** Waits until the source may continue; resolves false when it must stop (cancelled or failed). */
  pause(): Promise<boolean>;
  /** Where to resume: what the position provider returned at the restored checkpoint; undefined on a fresh start. */
  restoredPosition?: unknown;
  /**
   * A source that can replay registers how to read its position once, before it emits. The task
   * calls the provider at a checkpoint, which happens only while the source awaits (a pause or a
   * read): the position must then name the first record not yet emitted. A source that cannot
   * replay (a socket) registers none.
   */
  setPositionProvider(provider: () => unknown): void;
}

export { SOURCE_CHUNK } from './source-splits.js';

/** Runs a source to exhaustion (or until told to stop). Subtask i of p reads its share. */
export async function runSource(spec: SourceSpec, ctx: SourceContext): Promise<void> {
  const { output, subtaskIndex, parallelism } = ctx;
  switch (spec.type) {
    case 'elements': {
      // Subtask i of p emits the elements i, i+p, i+2p, ...; its position is the next one's index.
      const els = spec.elements;
      let next = resumePosition(ctx) ?? subtaskIndex;
      ctx.setPositionProvider(() => next);
      let emitted = 0;
      while (next < els.length) {
        output.collect(els[next]);
        next += parallelism;
        if (++emitted % SOURCE_CHUNK === 0 && !(await ctx.pause())) return;
      }
      return;
    }
    case 'sequence': {
      const range = indexRange(spec.to - spec.from + 1, subtaskIndex, parallelism);
      const end = spec.from + range.end;
      let next = resumePosition(ctx) ?? spec.from + range.start;
      ctx.setPositionProvider(() => next);
      while (next < end) {
        const stop = Math.min(end, next + SOURCE_CHUNK);
        for (; next < stop; next++) output.collect(next);
        if (!(await ctx.pause())) return;
      }
      return;
    }
    case 'textFile':
      return runTextFileSource(spec.path, ctx);
    case 'socket':
      return runSocketSource(spec, ctx);
    case 'generator':
      return runGeneratorSource(spec, ctx);
  }
}
