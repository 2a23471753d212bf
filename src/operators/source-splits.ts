/**
 * How parallel sources share their input among subtasks, how much they emit between pauses, and
 * where a restored one resumes. A source reads splits (Flink's FLIP-27 source splits): a split is
 * the share of the input that subtask `index` of `parallelism` owns, read from a position on. A
 * fresh subtask reads its own share; a restored one the splits its checkpoint recorded; after a
 * rescale, the remaining splits of the old subtasks handed to it (`TaskRestore.source`).
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { SourceContext } from './sources.js';

/** Records a source emits between two pauses. */
export const SOURCE_CHUNK = 4096;

/** A share of a source's input: what subtask `index` of `parallelism` owns, from `position` on (absent: from its start). */
export interface SourceSplit {
  index: number;
  parallelism: number;
  /** The index, value or byte offset of the first record not yet emitted, as the source counts it. */
  position?: number;
}

/** Where a split's reader is: the position of the first record not emitted yet (undefined: the split's start). */
export interface SplitCursor {
  position: number | undefined;
}

/**
 * Reads the context's splits one after another with `read`, which must move `cursor.position`
 * before each await and resolve false when the source must stop (then no further split is read).
 * The source's position, recorded at checkpoints, is the list of splits not read to their end,
 * the current one from its cursor.
 */
export async function readSplits(ctx: SourceContext, read: (split: SourceSplit, cursor: SplitCursor) => Promise<boolean>): Promise<void> {
  const splits = ctx.splits;
  let current = 0;
  const cursor: SplitCursor = { position: undefined };
  ctx.setPositionProvider(() => splits.slice(current).map((split, i) => (i === 0 ? at(split, cursor.position) : split)));
  for (; current < splits.length; current++) {
    cursor.position = splits[current]!.position;
    if (!(await read(splits[current]!, cursor))) return;
  }
}

/**
 * The splits a source's recorded `position` names, from subtask `index` of `parallelism`: a list
 * of splits, or a number (the form before splits: that subtask's own share from there on); no
 * position means its whole share, unread. Anything else is an ILLEGAL_STATE error.
 */
export function recordedSplits(position: unknown, index: number, parallelism: number): SourceSplit[] {
  if (position === undefined) return [{ index, parallelism }];
  if (typeof position === 'number') return [{ index, parallelism, position }];
  if (Array.isArray(position) && position.every(isSplit)) return position;
  throw new SluiceError(ErrorCode.ILLEGAL_STATE, `A source cannot resume from position ${JSON.stringify(position)}: it records splits`);
}

function at(split: SourceSplit, position: number | undefined): SourceSplit {
  return position === undefined ? { index: split.index, parallelism: split.parallelism } : { index: split.index, parallelism: split.parallelism, position };
}

function isSplit(value: unknown): value is SourceSplit {
  const s = value as Partial<SourceSplit> | null;
  return typeof s?.index === 'number' && typeof s.parallelism === 'number' && (s.position === undefined || typeof s.position === 'number');
}
