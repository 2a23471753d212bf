/**
 * An operator's state after a rescale (Flink's StateAssignmentOperation, task side): a new subtask
 * restores from the operator's snapshots in several old subtasks' files. Keyed forms (a keyed
 * state backend's states, a KeyTable, keyed timers) keep the key groups the subtask owns; list
 * forms (a function's operator state, a sink writer's state and committables) are shared out among
 * all new subtasks, so their restore needs every old subtask's snapshot (`holdsSharedState`).
 *
 * This reads the layout the operators write: KeyContextOperator `{ keyedState, operator }`,
 * KeyTableOperator `{ keyGroups }`, ProcessOperator `{ timers }`, UdfOperator `{ functionState }`,
 * SinkWriterOperator a SinkWriterSnapshot. A field it does not know fails the restore rather than
 * being dropped.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { KeyGroupRange } from '../common/key-group-range.js';
import { redistributeListStates, selectKeyedState, selectTimers, type KeyedStateSnapshot, type OperatorStateBackendSnapshot, type TimersSnapshot } from '../state/index.js';
import { selectKeyGroups, type KeyTableSnapshot } from './key-table.js';
import type { OperatorStateSnapshot } from './operator-state-snapshot.js';
import { redistributeSinkWriterState, type SinkWriterSnapshot } from './sink-writer-operator.js';

/** The part of the state a new subtask restores: its key groups, and its index among `parallelism` subtasks for list state. */
export interface SubtaskShare {
  keyGroups: KeyGroupRange;
  index: number;
  parallelism: number;
}

/** Whether `snapshot` holds state that a rescale shares out among all new subtasks (list state, a sink writer's state). */
export function holdsSharedState(snapshot: OperatorStateSnapshot): boolean {
  if (isSinkWriterSnapshot(snapshot)) return true;
  const functionState = snapshot.functionState as OperatorStateBackendSnapshot | undefined;
  if (functionState !== undefined && functionState.length > 0) return true;
  return snapshot.operator !== undefined && holdsSharedState(snapshot.operator as OperatorStateSnapshot);
}

/** An operator's snapshot in one old subtask's file, and whether that subtask's key groups overlap the new subtask's. */
export interface OldSnapshot {
  snapshot: OperatorStateSnapshot | undefined;
  /** False for a file read only for shared state: its keyed forms hold none of the new subtask's keys and are not looked at. */
  overlaps: boolean;
}

/**
 * What a new subtask restores of an operator from `old`: its snapshots in the old subtasks' files
 * the new subtask read, in subtask order (every old subtask's when one holds shared state).
 * Undefined when none of them had any.
 */
export function rescaleOperatorState(old: readonly OldSnapshot[], share: SubtaskShare): OperatorStateSnapshot | undefined {
  const present = old.filter((o): o is { snapshot: OperatorStateSnapshot; overlaps: boolean } => o.snapshot !== undefined);
  if (present.length === 0) return undefined;
  if (present.every((o) => isSinkWriterSnapshot(o.snapshot))) {
    return redistributeSinkWriterState(present.map((o) => o.snapshot as unknown as SinkWriterSnapshot), share.index, share.parallelism) as unknown as OperatorStateSnapshot;
  }
  const rescaled: OperatorStateSnapshot = {};
  for (const field of new Set(present.flatMap((o) => Object.keys(o.snapshot)))) {
    const values = present.flatMap(({ snapshot, overlaps }) => (snapshot[field] === undefined ? [] : [{ value: snapshot[field], overlaps }]));
    rescaled[field] = rescaleField(field, values, share);
  }
  return rescaled;
}

function rescaleField(field: string, values: { value: unknown; overlaps: boolean }[], share: SubtaskShare): unknown {
  // Keyed forms only from the files holding some of the subtask's key groups (a keyed state file is opened only then).
  const keyed = <T>(): T[] => values.flatMap((v) => (v.overlaps ? [v.value as T] : []));
  const all = <T>(): T[] => values.map((v) => v.value as T);
  switch (field) {
    case 'keyedState':
      return selectKeyedState(keyed<KeyedStateSnapshot>(), share.keyGroups);
    case 'operator':
      return rescaleOperatorState(values.map(({ value, overlaps }) => ({ snapshot: value as OperatorStateSnapshot, overlaps })), share);
    case 'keyGroups':
      return selectKeyGroups(keyed<KeyTableSnapshot>(), share.keyGroups);
    case 'timers':
      return selectTimers(keyed<TimersSnapshot>(), share.keyGroups);
    case 'functionState':
      return redistributeListStates(all<OperatorStateBackendSnapshot>(), share.index, share.parallelism);
    default:
      throw new SluiceError(ErrorCode.ILLEGAL_STATE, `Cannot restore operator state field '${field}' at another parallelism: it is not a known form of state`);
  }
}

function isSinkWriterSnapshot(snapshot: OperatorStateSnapshot): boolean {
  return Array.isArray(snapshot.writerState) && Array.isArray(snapshot.committables);
}
