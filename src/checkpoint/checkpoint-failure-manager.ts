/**
 * Counts consecutive failed checkpoints (Flink's CheckpointFailureManager): only failures that a
 * user should hear about count (expired, declined, not written); a completed checkpoint resets the
 * count, and one failure more than `tolerable-failed-checkpoints` fails the job.
 */

/** Why a checkpoint was aborted (Flink's CheckpointFailureReason, the ones Sluice has). */
export type CheckpointFailureReason =
  | 'CHECKPOINT_EXPIRED' | 'CHECKPOINT_DECLINED' | 'IO_EXCEPTION'
  | 'CHECKPOINT_SUBSUMED' | 'CHECKPOINT_COORDINATOR_SUSPEND';

/** The reasons that count against the tolerable number. */
const COUNTED: ReadonlySet<CheckpointFailureReason> = new Set(['CHECKPOINT_EXPIRED', 'CHECKPOINT_DECLINED', 'IO_EXCEPTION']);

/** Flink's message for a job failed by too many failed checkpoints. */
export const EXCEEDED_CHECKPOINT_TOLERABLE_FAILURE_MESSAGE = 'Exceeded checkpoint tolerable failure threshold.';

export class CheckpointFailureManager {
  private consecutiveFailures = 0;
  private lastSucceededCheckpointId = 0;

  constructor(private readonly tolerableFailures: number) {}

  /** Counts a failure; returns true when the job must fail because of it. */
  handleFailure(checkpointId: number, reason: CheckpointFailureReason): boolean {
    // A checkpoint older than one that completed since says nothing about the job's health now.
    if (!COUNTED.has(reason) || checkpointId < this.lastSucceededCheckpointId) return false;
    this.consecutiveFailures++;
    if (this.consecutiveFailures <= this.tolerableFailures) return false;
    this.consecutiveFailures = 0;
    return true;
  }

  handleSuccess(checkpointId: number): void {
    if (checkpointId <= this.lastSucceededCheckpointId) return;
    this.lastSucceededCheckpointId = checkpointId;
    this.consecutiveFailures = 0;
  }
}
