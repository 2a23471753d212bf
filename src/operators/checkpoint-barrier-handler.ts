/**
 * Checkpoint barriers at a task with inputs (Flink's SingleCheckpointBarrierHandler, one
 * checkpoint at a time). The first barrier of checkpoint n starts it; once every open channel
 * delivered barrier n (a channel that ended counts as aligned) the task takes its snapshot.
 *
 * EXACTLY_ONCE aligns: a channel that delivered barrier n is blocked in the gate, its later
 * buffers held in order and unprocessed (so they keep their credit), until the snapshot is taken;
 * the task's state then reflects exactly the records before barrier n on every channel.
 * AT_LEAST_ONCE blocks nothing (Flink's CheckpointBarrierTracker): records after a barrier may be
 * processed before the snapshot, and are replayed after a restore.
 *
 * A barrier of a newer checkpoint while n is pending aborts n here (it is declined) and starts
 * the newer one; a barrier of an older or already finished checkpoint is ignored. Nothing here
 * runs for record batches.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { CheckpointingMode } from '../protocol/checkpoints.js';
import type { CheckpointBarrier, InputChannel } from '../network/index.js';

/** The gate's side of alignment (InputGate). */
export interface AlignableGate {
  channels(): InputChannel[];
  blockChannel(channel: InputChannel): void;
  unblockAll(): void;
}

/** How barrier `checkpointId` reached this task, for its SubtaskCheckpointMetrics. */
export interface AlignmentMetrics {
  /** From the barrier's timestamp (the trigger) to its first arrival here. */
  startDelayMs: number;
  /** From its first to its last arrival. */
  alignmentDurationMs: number;
  /** Bytes of the buffers processed between the two. */
  processedData: number;
}

/** What the handler asks of its task. */
export interface BarrierHandlerActions {
  /** Barrier `barrier` arrived on every open channel: snapshot now, then send it on (still blocked). */
  triggerCheckpointOnBarrier(barrier: CheckpointBarrier, alignment: AlignmentMetrics): void;
  /** Checkpoint `checkpointId` will not complete at this task: decline it. */
  abortCheckpointOnBarrier(checkpointId: number, reason: SluiceError): void;
  /** Bytes of the input buffers processed so far (for `processedData`). */
  bytesProcessed(): number;
}

export class CheckpointBarrierHandler {
  /** The newest checkpoint this task has seen a barrier or an abort of (-1: none yet). */
  private currentCheckpointId = -1;
  /** The channels that delivered barrier `currentCheckpointId`, while it is pending. */
  private readonly received = new Set<InputChannel>();
  private pending?: CheckpointBarrier;
  private firstBarrierAt = 0;
  private startDelayMs = 0;
  private bytesAtStart = 0;

  constructor(
    private readonly gate: AlignableGate,
    private readonly mode: CheckpointingMode,
    private readonly actions: BarrierHandlerActions,
  ) {}

  /** Whether a checkpoint waits for barriers on some channels. */
  get isPending(): boolean {
    return this.pending !== undefined;
  }

  /** A barrier taken from `channel`, in order with its records. */
  processBarrier(barrier: CheckpointBarrier, channel: InputChannel): void {
    const id = barrier.checkpointId;
    if (id < this.currentCheckpointId || (id === this.currentCheckpointId && !this.pending)) return;
    if (id > this.currentCheckpointId) {
      if (this.pending) this.abortPending(new SluiceError(ErrorCode.CHECKPOINT_DECLINED, `Checkpoint ${this.pending.checkpointId} was subsumed at this task: the barrier of checkpoint ${id} arrived before it was aligned`));
      this.start(barrier);
    }
    this.received.add(channel);
    if (this.mode === 'EXACTLY_ONCE') this.gate.blockChannel(channel);
    this.completeIfAligned();
  }

  /** A channel ended (its end of partition was taken): it no longer holds back a pending checkpoint. */
  processEndOfPartition(): void {
    if (this.pending) this.completeIfAligned();
  }

  /**
   * Checkpoint `checkpointId` was aborted (the coordinator said so): a pending alignment for it
   * stops and its channels are unblocked; its later barriers, or those of an older one, are ignored.
   */
  abort(checkpointId: number): void {
    if (checkpointId < this.currentCheckpointId) return;
    if (checkpointId > this.currentCheckpointId) {
      if (this.pending) this.abortPending(new SluiceError(ErrorCode.CHECKPOINT_DECLINED, `Checkpoint ${this.pending.checkpointId} was subsumed at this task: checkpoint ${checkpointId} was aborted before it was aligned`));
      this.currentCheckpointId = checkpointId;
      return;
    }
    if (!this.pending) return;
    this.reset();
  }

  private start(barrier: CheckpointBarrier): void {
    this.currentCheckpointId = barrier.checkpointId;
    this.pending = barrier;
    this.firstBarrierAt = performance.now();
    this.startDelayMs = Math.max(0, Date.now() - barrier.timestamp);
    this.bytesAtStart = this.actions.bytesProcessed();
  }

  private completeIfAligned(): void {
    for (const channel of this.gate.channels()) if (!channel.ended && !this.received.has(channel)) return;
    const barrier = this.pending!;
    const alignment: AlignmentMetrics = {
      startDelayMs: this.startDelayMs,
      alignmentDurationMs: performance.now() - this.firstBarrierAt,
      processedData: this.actions.bytesProcessed() - this.bytesAtStart,
    };
    try {
      this.actions.triggerCheckpointOnBarrier(barrier, alignment);
    } finally {
      this.reset();
    }
  }

  private abortPending(reason: SluiceError): void {
    const id = this.pending!.checkpointId;
    this.reset();
    this.actions.abortCheckpointOnBarrier(id, reason);
  }

  private reset(): void {
    this.pending = undefined;
    this.received.clear();
    this.gate.unblockAll();
  }
}
