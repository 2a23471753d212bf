/** The runtime operator contract: records are pushed in, one method call per record. */
import type { TaskInfo } from '../api/functions.js';
import type { SluiceError } from '../common/errors.js';
import type { HeapKeyedStateBackend } from '../state/index.js';
import { describeOperator, userFunctionError } from './operator-errors.js';
import { createRuntimeContext } from './runtime-context.js';
import { closeFunction, openFunction } from './user-functions.js';

export { bindUserFunction, closeFunction, openFunction } from './user-functions.js';

/** Where an operator emits records (the next chained operator, or the task's outputs). */
export interface Output {
  collect(record: unknown): void;
}

/**
 * An operator's part of a subtask's checkpoint: plain data (objects, arrays, strings, numbers,
 * Maps) that msgpack round-trips. Keyed state inside it is grouped by key group.
 */
export type OperatorStateSnapshot = Record<string, unknown>;

/** One operator of a running chain. */
export interface StreamOperator {
  /**
   * Called once before `open` (Flink's initializeState): with the operator's snapshot when the
   * attempt restores from a checkpoint, else undefined.
   */
  initializeState?(snapshot: OperatorStateSnapshot | undefined): void;
  /**
   * The operator's state at a checkpoint barrier (Flink's snapshotState), taken on the task
   * thread between two records; undefined when it has none. The task writes it to the state file.
   */
  snapshotState?(checkpointId: number): OperatorStateSnapshot | undefined;
  /** Checkpoint `checkpointId` completed (Flink's CheckpointListener). */
  notifyCheckpointComplete?(checkpointId: number): void;
  /** Checkpoint `checkpointId` was aborted. */
  notifyCheckpointAborted?(checkpointId: number): void;
  /**
   * Opens user functions (Flink's `open`). On a keyed stream `keyedState` is the operator's
   * backend, with the current key set before every `processElement` (see KeyContextOperator).
   */
  open(info: TaskInfo, keyedState?: HeapKeyedStateBackend): Promise<void>;
  processElement(record: unknown): void;
  /** All input has arrived: emit anything held back (Flink's `finish`). */
  finish(): void;
  /** Releases user functions (Flink's `close`); called on success and failure. */
  close(): Promise<void>;
}

/**
 * Base for operators around one user function: opens it with its RuntimeContext, closes it, and
 * turns what it throws into an error naming the operator and subtask (`userError`).
 */
export abstract class UdfOperator implements StreamOperator {
  /** The operator's subtask as named in errors, e.g. `Flat Map (1/2)`; known once open. */
  private description = 'operator';

  constructor(protected readonly udf: unknown, protected readonly output: Output) {}

  async open(info: TaskInfo, keyedState?: HeapKeyedStateBackend): Promise<void> {
    this.description = describeOperator(info);
    try {
      await openFunction(this.udf, createRuntimeContext(info, keyedState));
    } catch (err) {
      throw this.userError(err);
    }
  }

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
