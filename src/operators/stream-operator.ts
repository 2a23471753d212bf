/** The runtime operator contract: records are pushed in, one method call per record. */
import type { TaskInfo } from '../api/functions.js';
import type { SluiceError } from '../common/errors.js';
import type { AbstractKeyedStateBackend, KeyedSnapshotTarget, KeyedStateFileRef, OperatorStateBackendSnapshot } from '../state/index.js';
import { FunctionState, notifyFunctionCheckpointAborted, notifyFunctionCheckpointComplete } from './function-state.js';
import { describeOperator, userFunctionError } from './operator-errors.js';
import type { OperatorStateSnapshot } from './operator-state-snapshot.js';
import { createRuntimeContext } from './runtime-context.js';
import { closeFunction, openFunction, setRuntimeContext } from './user-functions.js';

export { bindUserFunction, closeFunction, openFunction } from './user-functions.js';

/** Where an operator emits records (the next chained operator, or the task's outputs). */
export interface Output {
  collect(record: unknown): void;
}

export type { OperatorStateSnapshot } from './operator-state-snapshot.js';

/** A file of its own an operator may write its snapshot into, next to the subtask's state file. */
export interface SnapshotFileTarget extends KeyedSnapshotTarget {
  /** Told of each file written (for the checkpoint's state size). */
  onWritten(ref: KeyedStateFileRef): void;
}

/** One operator of a running chain. */
export interface StreamOperator {
  /**
   * Called once before `open` (Flink's initializeState): with the operator's snapshot when the
   * attempt restores from a checkpoint, else undefined.
   */
  initializeState?(snapshot: OperatorStateSnapshot | undefined): void;
  /**
   * The operator's state at a checkpoint barrier (Flink's snapshotState), taken on the task
   * thread between two records; undefined when it has none. The task encodes it before the next
   * record, so it may share the operator's live values (no copies), and writes it to the state file.
   * With `files`, an operator whose state may outgrow the heap streams it into that file instead
   * and names it in its snapshot (keyed state).
   */
  snapshotState?(checkpointId: number, files?: SnapshotFileTarget): OperatorStateSnapshot | undefined;
  /** Checkpoint `checkpointId` completed (Flink's CheckpointListener). */
  notifyCheckpointComplete?(checkpointId: number): void;
  /** Checkpoint `checkpointId` was aborted. */
  notifyCheckpointAborted?(checkpointId: number): void;
  /**
   * Opens user functions (Flink's `open`). On a keyed stream `keyedState` is the operator's
   * backend, with the current key set before every `processElement` (see KeyContextOperator).
   */
  open(info: TaskInfo, keyedState?: AbstractKeyedStateBackend): Promise<void>;
  processElement(record: unknown): void;
  /** All input has arrived: emit anything held back (Flink's `finish`); a sink may return a promise while it commits. */
  finish(): void | Promise<void>;
  /** Releases user functions (Flink's `close`); called on success and failure. */
  close(): Promise<void>;
}

/**
 * Base for operators around one user function (Flink's AbstractUdfStreamOperator): opens it with
 * its RuntimeContext, closes it, and turns what it throws into an error naming the operator and
 * subtask (`userError`). Its checkpoint hooks serve the function (a CheckpointedFunction's
 * operator state, under `functionState`; a CheckpointListener's notifications) and the state a
 * subclass keeps itself (`snapshotOperatorState` / `restoreOperatorState`).
 */
export abstract class UdfOperator implements StreamOperator {
  /** The operator's subtask as named in errors, e.g. `Flat Map (1/2)`; known once open. */
  /** `Name (i/p)` once open (describeOperator). */
  protected description = 'operator';
  /** The snapshot to restore from, from initializeState until open. */
  private restored: OperatorStateSnapshot | undefined;
  private functionState: FunctionState | undefined;

  constructor(protected readonly udf: unknown, protected readonly output: Output) {}

  /** Keeps the snapshot until `open`: restoring needs the RuntimeContext and keyed state backend. */
  initializeState(snapshot: OperatorStateSnapshot | undefined): void {
    this.restored = snapshot;
  }

  /** As Flink: the function's context, then its initializeState, then its open; then the operator's own state. */
  async open(info: TaskInfo, keyedState?: AbstractKeyedStateBackend): Promise<void> {
    this.description = describeOperator(info);
    const restored = this.restored;
    this.restored = undefined;
    const context = createRuntimeContext(info, keyedState);
    try {
      setRuntimeContext(this.udf, context);
      const functionState = restored?.functionState as OperatorStateBackendSnapshot | undefined;
      this.functionState = await FunctionState.initialize(this.udf, restored !== undefined, functionState, keyedState && context);
      await openFunction(this.udf, context);
    } catch (err) {
      throw this.userError(err);
    }
    if (restored !== undefined) this.restoreOperatorState(restored);
  }

  snapshotState(checkpointId: number): OperatorStateSnapshot | undefined {
    const own = this.snapshotOperatorState();
    if (this.functionState === undefined) return own;
    try {
      return { ...own, functionState: this.functionState.snapshot(checkpointId) };
    } catch (err) {
      throw this.userError(err);
    }
  }

  notifyCheckpointComplete(checkpointId: number): void {
    try {
      notifyFunctionCheckpointComplete(this.udf, checkpointId);
    } catch (err) {
      throw this.userError(err);
    }
  }

  notifyCheckpointAborted(checkpointId: number): void {
    try {
      notifyFunctionCheckpointAborted(this.udf, checkpointId);
    } catch (err) {
      throw this.userError(err);
    }
  }

  /** The state the operator keeps itself (not its function's); undefined when it has none. */
  protected snapshotOperatorState(): OperatorStateSnapshot | undefined {
    return undefined;
  }

  /** Restores what `snapshotOperatorState` wrote; called at the end of `open`. */
  protected restoreOperatorState(_snapshot: OperatorStateSnapshot): void {}

  abstract processElement(record: unknown): void;

  finish(): void {}

  close(): Promise<void> {
    return closeFunction(this.udf);
  }

  /** What to throw when the user function threw `err` (a try/catch per call costs nothing in V8). */
  protected userError(err: unknown): SluiceError {
    return userFunctionError(this.description, err);
  }
}
