/**
 * Checkpoint hooks of user functions (Flink's CheckpointedFunction, FunctionInitializationContext,
 * FunctionSnapshotContext and CheckpointListener). Any user function object (map, flatMap,
 * filter, reduce, process, sink) may implement them; the runtime finds the methods by name.
 *
 * Order in a subtask: `initializeState` (always, before `open`; `isRestored()` tells a restart
 * from a checkpoint from a fresh start), `open`, records, and at each checkpoint barrier
 * `snapshotState` between two records, then `notifyCheckpointComplete` once the whole checkpoint
 * completed (or `notifyCheckpointAborted`).
 */
import type { KeyedStateStore, OperatorStateStore } from './state.js';

/** What `initializeState` gets (Flink's FunctionInitializationContext). */
export interface FunctionInitializationContext {
  /** True when the subtask restores from a checkpoint; false on a fresh start. */
  isRestored(): boolean;
  /** The function's operator state: lists restored from the checkpoint, or empty. */
  getOperatorStateStore(): OperatorStateStore;
  /**
   * Keyed state on a keyed stream (the RuntimeContext's state getters), undefined elsewhere. The
   * states it returns refer to the key of each record later: there is no current key yet.
   */
  getKeyedStateStore(): KeyedStateStore | undefined;
}

/** What `snapshotState` gets (Flink's FunctionSnapshotContext). */
export interface FunctionSnapshotContext {
  /** The id of the checkpoint being taken (ascending over a job's checkpoints). */
  getCheckpointId(): number;
}

/**
 * A function with operator state (Flink's CheckpointedFunction): `initializeState` registers its
 * lists with `getOperatorStateStore()` (reading them back after a restore), and `snapshotState`
 * writes into them what the function holds in fields; the lists' contents are what the
 * checkpoint keeps. Keyed state needs no snapshot hook: the runtime snapshots it itself.
 */
export interface CheckpointedFunction {
  /** Called at each checkpoint barrier, between two records: bring the operator state up to date. */
  snapshotState(context: FunctionSnapshotContext): void;
  /** Called once per subtask attempt, before `open`. */
  initializeState(context: FunctionInitializationContext): void | Promise<void>;
}

/**
 * Told when a checkpoint completes (Flink's CheckpointListener), e.g. to commit what was written
 * up to it. Notifications may be skipped (a later one then covers earlier checkpoints).
 */
export interface CheckpointListener {
  notifyCheckpointComplete(checkpointId: number): void;
  notifyCheckpointAborted?(checkpointId: number): void;
}
