/**
 * Runs an operator of a keyed stream (a map, flatMap, filter, sink function or process function
 * after `keyBy`): owns the subtask's keyed state backend and makes each record's key current
 * before the operator sees the record (Flink's setKeyContextElement), so state accessed while
 * processing it is that key's. Its snapshot is `{ keyedState, operator }`: the backend's states
 * per key group, and the wrapped operator's own snapshot (timers, its function's operator state).
 * The backend is the one `state.backend.type` names; closing the operator disposes it (a RocksDB
 * backend's files go with it).
 */
import type { KeySelectorFn, TaskInfo } from '../api/functions.js';
import { keyGroupRangeForSubtask } from '../common/key-group-range.js';
import { createKeyedStateBackend, HEAP_STATE_BACKEND, type AbstractKeyedStateBackend, type KeyedStateBackendSettings, type KeyedStateSnapshot } from '../state/index.js';
import { describeOperator, userFunctionError } from './operator-errors.js';
import { bindUserFunction, type OperatorStateSnapshot, type StreamOperator } from './stream-operator.js';

export class KeyContextOperator implements StreamOperator {
  private readonly getKey: (record: unknown) => unknown;
  private backend!: AbstractKeyedStateBackend;
  private description = 'operator';
  /** The keyed state to restore, from initializeState until open creates the backend. */
  private restoredKeyedState: KeyedStateSnapshot | undefined;

  constructor(private readonly operator: StreamOperator, keySelector: KeySelectorFn<unknown, unknown>, private readonly stateBackend: KeyedStateBackendSettings = HEAP_STATE_BACKEND) {
    this.getKey = bindUserFunction(keySelector, 'getKey');
  }

  initializeState(snapshot: OperatorStateSnapshot | undefined): void {
    this.restoredKeyedState = snapshot?.keyedState as KeyedStateSnapshot | undefined;
    this.operator.initializeState?.(snapshot?.operator as OperatorStateSnapshot | undefined);
  }

  /** The backend holds the key groups this subtask owns (the ones the hash partitioner sends it). */
  async open(info: TaskInfo): Promise<void> {
    const maxParallelism = info.getMaxNumberOfParallelSubtasks();
    const range = keyGroupRangeForSubtask(maxParallelism, info.getNumberOfParallelSubtasks(), info.getIndexOfThisSubtask());
    const owner = `job_${info.getJobId()}_op_${info.getTaskName()}_${info.getIndexOfThisSubtask()}`;
    this.backend = await createKeyedStateBackend(this.stateBackend, owner, maxParallelism, range);
    if (this.restoredKeyedState !== undefined) this.backend.restore(this.restoredKeyedState);
    this.restoredKeyedState = undefined;
    this.description = describeOperator(info);
    await this.operator.open(info, this.backend);
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

  /** Closes the wrapped operator, then disposes the backend (also when open failed half way, or closing did). */
  async close(): Promise<void> {
    try {
      await this.operator.close();
    } finally {
      await this.backend?.dispose();
    }
  }
}
