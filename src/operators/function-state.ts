/**
 * The checkpoint hooks of a user function (Flink's StreamingFunctionUtils): the operator state of
 * a CheckpointedFunction, and the notifications of a CheckpointListener. Both are recognized by
 * their methods, as user functions may be plain objects.
 */
import type { CheckpointedFunction, CheckpointListener, FunctionInitializationContext, KeyedStateStore, ListStateDescriptor, OperatorStateStore } from '../api/index.js';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { hasUnionListState, OperatorStateBackend, unionListStates, type OperatorStateBackendSnapshot } from '../state/index.js';
import type { OperatorStateSnapshot } from './operator-state-snapshot.js';

/** A CheckpointedFunction with its operator state. */
export class FunctionState {
  private constructor(private readonly fn: CheckpointedFunction, private readonly backend: OperatorStateBackend) {}

  /**
   * Calls `fn.initializeState` if `fn` is a CheckpointedFunction (else returns undefined), with
   * the lists of `restored`. `isRestored` says whether the subtask restores from a checkpoint.
   */
  static async initialize(fn: unknown, isRestored: boolean, restored: OperatorStateBackendSnapshot | undefined, keyedState: KeyedStateStore | undefined): Promise<FunctionState | undefined> {
    if (!isCheckpointedFunction(fn)) return undefined;
    const backend = new OperatorStateBackend(restored);
    const store: OperatorStateStore = {
      getListState: (descriptor) => backend.getListState(stateName(descriptor), 'SPLIT_DISTRIBUTE'),
      getUnionListState: (descriptor) => backend.getListState(stateName(descriptor), 'UNION'),
    };
    const context: FunctionInitializationContext = {
      isRestored: () => isRestored,
      getOperatorStateStore: () => store,
      getKeyedStateStore: () => keyedState,
    };
    await fn.initializeState(context);
    return new FunctionState(fn, backend);
  }

  /** Lets the function update its lists for checkpoint `checkpointId`, then copies them. */
  snapshot(checkpointId: number): OperatorStateBackendSnapshot {
    this.fn.snapshotState({ getCheckpointId: () => checkpointId });
    return this.backend.snapshot();
  }
}

/** Tells `fn` that checkpoint `checkpointId` completed, if it is a CheckpointListener. */
export function notifyFunctionCheckpointComplete(fn: unknown, checkpointId: number): void {
  if (typeof (fn as Partial<CheckpointListener> | null)?.notifyCheckpointComplete === 'function') (fn as CheckpointListener).notifyCheckpointComplete(checkpointId);
}

/** Tells `fn` that checkpoint `checkpointId` was aborted, if it listens for that. */
export function notifyFunctionCheckpointAborted(fn: unknown, checkpointId: number): void {
  if (typeof (fn as Partial<CheckpointListener> | null)?.notifyCheckpointAborted === 'function') (fn as CheckpointListener).notifyCheckpointAborted!(checkpointId);
}

/**
 * Whether an operator's snapshot holds union list state of its function: the subtask's restore
 * must then gather the operator's snapshots of every subtask (`unionFunctionListStates`).
 */
export function holdsUnionListState(snapshot: OperatorStateSnapshot): boolean {
  const state = functionStateOf(snapshot);
  return state !== undefined && hasUnionListState(state);
}

/**
 * An operator's snapshot `own` whose function's union lists hold every subtask's elements, from
 * `all`: the operator's snapshots of every subtask of its vertex in subtask order, `own` among them
 * (see `unionListStates`). Other lists, and the rest of the snapshot, stay as they are.
 */
export function unionFunctionListStates(own: OperatorStateSnapshot, all: readonly (OperatorStateSnapshot | undefined)[]): OperatorStateSnapshot {
  if (own.functionState !== undefined) return { ...own, functionState: unionListStates(own.functionState as OperatorStateBackendSnapshot, all.map(functionStateOf)) };
  if (own.operator !== undefined) return { ...own, operator: unionFunctionListStates(own.operator as OperatorStateSnapshot, all.map(wrappedSnapshotOf)) };
  return own;
}

// The layout both functions above read: UdfOperator writes its function's operator state at
// `functionState`; KeyContextOperator writes the snapshot of the operator it wraps at `operator`.
function functionStateOf(snapshot: OperatorStateSnapshot | undefined): OperatorStateBackendSnapshot | undefined {
  if (snapshot === undefined) return undefined;
  return (snapshot.functionState as OperatorStateBackendSnapshot | undefined) ?? functionStateOf(wrappedSnapshotOf(snapshot));
}

function wrappedSnapshotOf(snapshot: OperatorStateSnapshot | undefined): OperatorStateSnapshot | undefined {
  return snapshot?.operator as OperatorStateSnapshot | undefined;
}

function isCheckpointedFunction(fn: unknown): fn is CheckpointedFunction {
  const f = fn as Partial<CheckpointedFunction> | null;
  return typeof f?.snapshotState === 'function' && typeof f.initializeState === 'function';
}

function stateName(descriptor: ListStateDescriptor<unknown> | string): string {
  if (typeof descriptor !== 'string') return descriptor.name;
  if (descriptor.length === 0) throw SluiceError.user(ErrorCode.INVALID_PROGRAM, 'An operator state needs a non-empty name.');
  return descriptor;
}
