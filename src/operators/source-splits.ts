/**
 * How parallel sources share their input among subtasks, how much they emit between pauses, and
 * where a restored one resumes.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { SourceContext } from './sources.js';

/** Records a source emits between two pauses. */
export const SOURCE_CHUNK = 4096;

/** The indices `[start, end)` of `0..total-1` that subtask `index` of `parallelism` owns: contiguous, near-equal ranges. */
export function indexRange(total: number, index: number, parallelism: number): { start: number; end: number } {
  return {
    start: Math.floor((index * total) / parallelism),
    end: Math.floor(((index + 1) * total) / parallelism),
  };
}

/**
 * The position a replayable source resumes from (the index, value or byte offset it registered
 * as its position); undefined when the subtask starts afresh.
 */
export function resumePosition(ctx: SourceContext): number | undefined {
  const position = ctx.restoredPosition;
  if (position !== undefined && typeof position !== 'number') {
    throw new SluiceError(ErrorCode.ILLEGAL_STATE, `A source cannot resume from position ${JSON.stringify(position)}: it records numbers`);
  }
  return position;
}
