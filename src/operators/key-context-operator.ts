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
import { createKeyedStateBackend, HEAP_STATE_BACKEND, resolveKeyedStateFile, RestoredKeyTypes, type AbstractKeyedStateBackend, type KeyedStateBackendSettings, type KeyedStateSnapshot } from '../state/index.js';
import { describeOperator, userFunctionError } from './operator-errors.js';
import { bindUserFunction, type OperatorStateSnapshot, type SnapshotFileTarget, type StreamOperator } from './stream-operator.js';

/**
 * `snapshot` (a KeyContextOperator's, read from the state file in `directory`) with the keyed
 * state files it names resolved against that directory; other snapshots as they are.
 */
export function resolveKeyedStateFiles(snapshot: OperatorStateSnapshot, directory: string): OperatorStateSnapshot {
  const keyedState = snapshot.keyedState as KeyedStateSnapshot | undefined;
  if (keyedState?.files === undefined) return snapshot;
  return { ...snapshot, keyedState: { ...keyedState, files: keyedState.files.map((ref) => resolveKeyedStateFile(ref, directory)) } };
}

export class KeyContextOperator implements StreamOperator {
  private readonly getKey: (record: unknown) => unknown;
  private backend!: AbstractKeyedStateBackend;
  private description = 'operator';
  /** The keyed state to restore, from initializeState until open creates the backend. */
  private restoredKeyedState: KeyedStateSnapshot | undefined;
  /** The restored state's key types, until the first record's key was checked against them. */
  private restoredKeyTypes: RestoredKeyTypes | undefined;

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
    if (this.restoredKeyedState !== undefined) {
      const keyTypes = new RestoredKeyTypes();
      this.backend.restore(this.restoredKeyedState, keyTypes);
      if (!keyTypes.isEmpty) this.restoredKeyTypes = keyTypes;
    }
    this.restoredKeyedState = undefined;
    this.description = describeOperator(info);
    await this.operator.open(info, this.backend);
  }

  /**
   * Undefined while no state was ever asked for (a stateless map after keyBy writes nothing). The
   * backend streams its key groups into `files` (so state larger than the heap is checkpointed).
   */
  snapshotState(checkpointId: number, files?: SnapshotFileTarget): OperatorStateSnapshot | undefined {
    const operator = this.operator.snapshotState?.(checkpointId);
    if (this.backend.numberOfStates === 0) return operator === undefined ? undefined : { operator };
    const keyedState = this.backend.snapshot(files);
    for (const ref of keyedState.files ?? []) files?.onWritten(ref);
    return operator === undefined ? { keyedState } : { keyedState, operator };
  }

  notifyCheckpointComplete(checkpointId: number): void {
    this.backend.notifyCheckpointComplete(checkpointId);
    this.operator.notifyCheckpointComplete?.(checkpointId);
  }

  notifyCheckpointAborted(checkpointId: number): void {
    this.operator.notifyCheckpointAborted?.(checkpointId);
  }

  processElement(record: unknown): void {
    let key: unknown;
    try {
      key = this.getKey(record);
    } catch (err) {
      throw userFunctionError(this.description, err);
    }
    if (this.restoredKeyTypes !== undefined) {
      this.restoredKeyTypes.check(key, this.description);
      this.restoredKeyTypes = undefined;
    }
    try {
      this.backend.setCurrentKey(key);
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
