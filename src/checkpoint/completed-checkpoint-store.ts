/**
 * The completed checkpoints of a job that are kept (Flink's StandaloneCompletedCheckpointStore):
 * at most `execution.checkpointing.num-retained`; adding one more deletes the directory of the
 * oldest. A snapshot the job was started from in CLAIM mode counts as the oldest one, so it is
 * deleted once num-retained checkpoints of the job's own completed (as Flink subsumes it). The
 * files of incremental checkpoints in the job's shared directory are counted (SharedStateRegistry)
 * and deleted with the last retained checkpoint naming them.
 */
import type { ExternalizedCheckpointRetention } from '../protocol/checkpoint-stats.js';
import type { JobStatus } from '../protocol/states.js';
import { discardLocation, type CheckpointMetadata } from './checkpoint-storage.js';
import { SharedStateRegistry } from './shared-state-registry.js';

/** A checkpoint whose `_metadata` is written. */
export interface CompletedCheckpoint {
  metadata: CheckpointMetadata;
  /** Its directory. */
  location: string;
}

/** Whether the checkpoints of a job that ended in `status` are deleted (as Flink's CheckpointProperties). */
export function discardOnJobEnd(status: JobStatus, retention: ExternalizedCheckpointRetention): boolean {
  switch (status) {
    case 'FINISHED': return true;
    case 'CANCELED': return retention !== 'RETAIN_ON_CANCELLATION';
    case 'FAILED': return retention === 'NO_EXTERNALIZED_CHECKPOINTS';
    // SUSPENDED: the JobManager shut down; the job resumes from them.
    default: return false;
  }
}

export class CompletedCheckpointStore {
  private readonly checkpoints: CompletedCheckpoint[] = [];
  /** The directory of the snapshot the job claimed, until a checkpoint of its own subsumes it. */
  private claimed?: string;
  readonly sharedState = new SharedStateRegistry();

  /** `onDiscarded` hears of every checkpoint of the job whose directory is deleted. */
  constructor(private readonly numRetained: number, private readonly onDiscarded: (checkpointId: number) => void) {}

  /**
   * The job started from the snapshot at `location` in CLAIM mode: it is the job's now. It is
   * never restored from here (the job restores it itself until its first checkpoint) and only
   * subsumption deletes it, not the job's end.
   */
  claim(location: string): void {
    this.claimed = location;
  }

  /** Adds a newly completed checkpoint; deletes the oldest ones beyond the number retained, the claimed snapshot first. */
  async add(checkpoint: CompletedCheckpoint): Promise<void> {
    this.checkpoints.push(checkpoint);
    this.sharedState.register(checkpoint.metadata, checkpoint.location);
    // Before this round's subsumption: what it leaves unreferenced is deleted at the next one.
    const discards = [this.sharedState.deleteUnreferenced()];
    const subsumed = this.checkpoints.splice(0, Math.max(0, this.checkpoints.length - this.numRetained));
    discards.push(...subsumed.map((c) => this.discard(c)));
    if (this.claimed !== undefined && this.checkpoints.length >= this.numRetained) {
      discards.push(discardLocation(this.claimed));
      this.claimed = undefined;
    }
    await Promise.all(discards);
  }

  /** Newest first. */
  all(): readonly CompletedCheckpoint[] {
    return [...this.checkpoints].reverse();
  }

  /** Forgets one that cannot be restored, and deletes what is left of it. */
  async remove(checkpointId: number): Promise<void> {
    const i = this.checkpoints.findIndex((c) => c.metadata.checkpointId === checkpointId);
    if (i >= 0) await this.discard(this.checkpoints.splice(i, 1)[0]!);
  }

  /** Deletes every checkpoint directory and the shared files they name (the job ended and its retention does not keep them). */
  async discardAll(): Promise<void> {
    await Promise.all(this.checkpoints.splice(0).map((c) => this.discard(c)));
    await this.sharedState.deleteUnreferenced();
  }

  private async discard(checkpoint: CompletedCheckpoint): Promise<void> {
    this.sharedState.unregister(checkpoint.metadata, checkpoint.location);
    await discardLocation(checkpoint.location);
    this.onDiscarded(checkpoint.metadata.checkpointId);
  }
}
