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

/**
 * What a new subtask restores of an operator from `snapshots`: the operator's snapshots in the old
 * subtasks' files it read, in subtask order (every old subtask's when one holds shared state).
 * Undefined when none of them had any.
 */
export function rescaleOperatorState(snapshots: readonly (OperatorStateSnapshot | undefined)[], share: SubtaskShare): OperatorStateSnapshot | undefined {
  const present = snapshots.filter((s): s is OperatorStateSnapshot => s !== undefined);
  if (present.length === 0) return undefined;
  if (present.every(isSinkWriterSnapshot)) return redistributeSinkWriterState(present as unknown as SinkWriterSnapshot[], share.index, share.parallelism) as unknown as OperatorStateSnapshot;
  const rescaled: OperatorStateSnapshot = {};
  for (const field of new Set(present.flatMap((s) => Object.keys(s)))) {
    const values = present.flatMap((s) => (s[field] === undefined ? [] : [s[field]]));
    rescaled[field] = rescaleField(field, values, share);
  }
  return rescaled;
}

function rescaleField(field: string, values: unknown[], share: SubtaskShare): unknown {
  switch (field) {
    case 'keyedState':
      return selectKeyedState(values as KeyedStateSnapshot[], share.keyGroups);
    case 'operator':
      return rescaleOperatorState(values as OperatorStateSnapshot[], share);
    case 'keyGroups':
      return selectKeyGroups(values as KeyTableSnapshot[], share.keyGroups);
    case 'timers':
      return selectTimers(values as TimersSnapshot[], share.keyGroups);
    case 'functionState':
      return redistributeListStates(values as OperatorStateBackendSnapshot[], share.index, share.parallelism);
    default:
      throw new SluiceError(ErrorCode.ILLEGAL_STATE, `Cannot restore operator state field '${field}' at another parallelism: it is not a known form of state`);
  }
}

function isSinkWriterSnapshot(snapshot: OperatorStateSnapshot): boolean {
  return Array.isArray(snapshot.writerState) && Array.isArray(snapshot.committables);
}
