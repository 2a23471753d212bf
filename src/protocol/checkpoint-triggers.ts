/**
 * Checkpoints and savepoints triggered on request (Flink's manual checkpoints, FLINK-27101, and
 * savepoints): the checkpoint types a request names and the result of an asynchronous operation
 * as the Dispatcher keeps it under its trigger id (Flink's OperationResult).
 */
import type { SerializedError } from '../common/errors.js';

/**
 * Flink's CheckpointType of a manual checkpoint: `CONFIGURED` takes what the job is configured
 * for, `FULL` a complete snapshot, `INCREMENTAL` only the changes since the last one.
 */
export const CHECKPOINT_TYPES = ['CONFIGURED', 'FULL', 'INCREMENTAL'] as const;
export type CheckpointType = (typeof CHECKPOINT_TYPES)[number];

/** An asynchronous operation (Flink's AsynchronousOperationKey), such as a savepoint disposal. */
export interface OperationKey {
  /** 32 lower-case hex characters, chosen by the client or by the server. */
  triggerId: string;
}

/** An asynchronous operation of a job (Flink's AsynchronousJobOperationKey). */
export interface JobOperationKey extends OperationKey {
  jobId: string;
}

/** Where an asynchronous operation stands (Flink's OperationResult): running, or its result or error. */
export type OperationResult<R> =
  | { status: 'IN_PROGRESS' }
  | { status: 'SUCCESS'; result: R }
  | { status: 'FAILURE'; error: SerializedError };
