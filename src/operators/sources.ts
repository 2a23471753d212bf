/**
 * Bounded sources. A source emits in chunks and yields to the event loop between chunks, so
 * incoming control messages (cancel) and buffer-timeout flushes are served while it runs.
 */
import type { SourceSpec } from '../api/stream-graph.js';
import type { Output } from './stream-operator.js';

/** Records emitted before the source yields to the event loop. */
const CHUNK = 4096;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs a source to exhaustion (or until `isCancelled`). Subtask i of p reads its share. */
export async function runSource(spec: SourceSpec, output: Output, subtaskIndex: number, parallelism: number, isCancelled: () => boolean): Promise<number> {
  switch (spec.type) {
    case 'elements': {
      const els = spec.elements;
      let emitted = 0;
      for (let i = subtaskIndex; i < els.length; i += parallelism) {
        output.collect(els[i]);
        if (++emitted % CHUNK === 0) {
          await yieldToEventLoop();
          if (isCancelled()) break;
        }
      }
      return emitted;
    }
    case 'sequence': {
      const total = spec.to - spec.from + 1;
      const start = spec.from + Math.floor((subtaskIndex * total) / parallelism);
      const end = spec.from + Math.floor(((subtaskIndex + 1) * total) / parallelism);
      for (let i = start; i < end; ) {
        const stop = Math.min(end, i + CHUNK);
        for (; i < stop; i++) output.collect(i);
        await yieldToEventLoop();
        if (isCancelled()) break;
      }
      return Math.max(0, end - start);
    }
  }
}
