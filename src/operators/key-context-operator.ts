/**
 * Runs an operator of a keyed stream (a map, flatMap, filter, sink function or process function
 * after `keyBy`): owns the subtask's keyed state backend and makes each record's key current
 * before the operator sees the record (Flink's setKeyContextElement), so state accessed while
 * processing it is that key's. Its snapshot is `{ keyedState, operator }`: the backend's states
 * per key group, and the wrapped operator's own snapshot (timers, its function's operator state).
 */
import type { KeySelectorFn, TaskInfo } from '../api/functions.js';
import { HeapKeyedStateBackend, keyGroupRangeForSubtask, type KeyedStateSnapshot } from '../state/index.js';
import { describeOperator, userFunctionError } from './operator-errors.js';
import { bindUserFunction, type OperatorStateSnapshot, type StreamOperator } from './stream-operator.js';

export class KeyContextOperator implements StreamOperator {
  private readonly getKey: (record: unknown) => unknown;
  private backend!: HeapKeyedStateBackend;
  private description = 'operator';
  /** The keyed state to restore, from initializeState until open creates the backend. */
  private restoredKeyedState: KeyedStateSnapshot | undefined;

  constructor(private readonly operator: StreamOperator, keySelector: KeySelectorFn<unknown, unknown>) {
    this.getKey = bindUserFunction(keySelector, 'getKey');
  }

  initializeState(snapshot: OperatorStateSnapshot | undefined): void {
    this.restoredKeyedState = snapshot?.keyedState as KeyedStateSnapshot | undefined;
    this.operator.initializeState?.(snapshot?.operator as OperatorStateSnapshot | undefined);
  }

  /** The backend holds the key groups this subtask owns (the ones the hash partitioner sends it). */
  open(info: TaskInfo): Promise<void> {
    const maxParallelism = info.getMaxNumberOfParallelSubtasks();
    const range = keyGroupRangeForSubtask(maxParallelism, info.getNumberOfParallelSubtasks(), info.getIndexOfThisSubtask());
    this.backend = new HeapKeyedStateBackend(maxParallelism, range);
    if (this.restoredKeyedState !== undefined) this.backend.restore(this.restoredKeyedState);
    this.restoredKeyedState = undefined;
    this.description = describeOperator(info);
    return this.operator.open(info, this.backend);
  }

  /** Undefined while no state was ever asked for (a stateless map after keyBy writes nothing). */
  snapshotState(checkpointId: number): OperatorStateSnapshot | undefined {
    const operator = this.operator.snapshotState?.(checkpointId);
    const keyedState = this.backend.snapshot();
    if (keyedState.states.length === 0) return operator === undefined ? undefined : { operator };
    return operator === undefined ? { keyedState } : { keyedState, operator };
  }

  notifyCheckpointComplete(checkpointId: number): void {
    this.operator.notifyCheckpointComplete?.(checkpointId);
  }

  notifyCheckpointAborted(checkpointId: number): void {
    this.operator.notifyCheckpointAborted?.(checkpointId);
  }

  processElement(record: unknown): void {
    try {
      this.backend.setCurrentKey(this.getKey(record));
    } catch (err) {
      throw userFunctionError(this.description, err);
    }
    this.operator.processElement(record);
  }

  finish(): void | Promise<void> {
    return this.operator.finish();
  }

  close(): Promise<void> {
    return this.operator.close();
  }
}
