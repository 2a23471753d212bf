/**
 * A task's part of a checkpoint (Flink's SubtaskCheckpointCoordinator): the synchronous snapshot
 * of the chain (every operator's snapshotState and the source position; keyed state streamed
 * into files of its own beside the state file) on the task thread, the barrier sent on behind
 * the records before it, then, while the data path goes on, the state file written and the
 * checkpoint acknowledged (with the keyed state files), or declined with the reason.
 */
import { join } from 'node:path';
import { ErrorCode, SluiceError, errorMessage, serializeError } from '../common/errors.js';
import { checkpointLocation, type StateHandle, type SubtaskCheckpointAck, type SubtaskCheckpointDecline } from '../protocol/checkpoints.js';
import { EventType, type CheckpointBarrier } from '../network/index.js';
import type { AlignmentMetrics } from './checkpoint-barrier-handler.js';
import type { OperatorStateSnapshot, SnapshotFileTarget, StreamOperator } from './stream-operator.js';
import { encodeTaskState, taskStateFilePath, writeTaskStateFile } from './task-state-file.js';

/** Where a task's acknowledgements and declines go (its JobMaster, through the TaskExecutor). */
export interface CheckpointResponder {
  acknowledge(ack: SubtaskCheckpointAck): void;
  decline(decline: SubtaskCheckpointDecline): void;
}

/** An operator of the chain with its id in the JobGraph (the key of its state in the file). */
export interface ChainedOperator {
  operatorId: string;
  op: StreamOperator;
}

export interface SubtaskCheckpointSetup {
  jobId: string;
  vertexId: string;
  subtaskIndex: number;
  /** `<vertex name> (i/p)`, for messages. */
  taskName: string;
  /** The chain, head first. */
  operators: readonly ChainedOperator[];
  /** The source's position now (its registered provider), or undefined. */
  sourcePosition(): unknown;
  /** Sends a barrier on every output, behind the records emitted so far. */
  broadcastBarrier(barrier: CheckpointBarrier): void;
  /**
   * `execution.checkpointing.dir` of the job: checkpoint n's directory is `<dir>/<jobId>/chk-<n>`
   * for a barrier that came through the inputs (a trigger names its directory itself).
   */
  checkpointDirectory: string;
  responder: CheckpointResponder;
}

export class SubtaskCheckpointCoordinator {
  /** State files being written; the task does not end before they are acknowledged. */
  private readonly pendingWrites = new Set<Promise<void>>();

  constructor(private readonly setup: SubtaskCheckpointSetup) {}

  /**
   * Takes checkpoint `barrier.checkpointId` now: snapshot, barrier on every output, then the
   * state file (into `location`, or the job's checkpoint directory) and the acknowledgement.
   */
  checkpoint(barrier: CheckpointBarrier, alignment: AlignmentMetrics, location?: string): void {
    const { checkpointId } = barrier;
    const t0 = performance.now();
    const dir = location ?? (this.setup.checkpointDirectory && checkpointLocation(this.setup.checkpointDirectory, this.setup.jobId, checkpointId));
    let snapshot: { bytes: Uint8Array; keyedStateFiles: StateHandle[] } | undefined;
    try {
      snapshot = this.snapshot(checkpointId, dir);
    } catch (err) {
      return this.decline(checkpointId, new SluiceError(ErrorCode.CHECKPOINT_DECLINED, `${this.setup.taskName} could not snapshot its state for checkpoint ${checkpointId}: ${errorMessage(err)}`, { kind: 'user', cause: err }));
    }
    let file: { path: string; bytes: Uint8Array; keyedStateFiles: StateHandle[] } | undefined;
    if (snapshot) {
      if (!dir) return this.decline(checkpointId, new SluiceError(ErrorCode.CHECKPOINT_DECLINED, `${this.setup.taskName} has state for checkpoint ${checkpointId} but its job names no checkpoint directory (execution.checkpointing.dir)`, { kind: 'user' }));
      file = { path: taskStateFilePath(dir, this.setup.vertexId, this.setup.subtaskIndex), ...snapshot };
    }
    const syncDurationMs = performance.now() - t0;
    this.setup.broadcastBarrier({ type: EventType.CHECKPOINT_BARRIER, checkpointId, timestamp: barrier.timestamp });
    const write = this.persist(checkpointId, file, alignment, syncDurationMs);
    this.pendingWrites.add(write);
    void write.finally(() => this.pendingWrites.delete(write));
  }

  /** Declines checkpoint `checkpointId` with `reason`. */
  decline(checkpointId: number, reason: unknown): void {
    this.setup.responder.decline({ checkpointId, reason: serializeError(reason) });
  }

  /** Checkpoint `checkpointId` completed: every operator hears it, head first. */
  notifyCheckpointComplete(checkpointId: number): void {
    for (const { op } of this.setup.operators) op.notifyCheckpointComplete?.(checkpointId);
  }

  /** Checkpoint `checkpointId` was aborted: every operator hears it, head first. */
  notifyCheckpointAborted(checkpointId: number): void {
    for (const { op } of this.setup.operators) op.notifyCheckpointAborted?.(checkpointId);
  }

  /** Resolves once every state file begun so far is written and acknowledged (or declined). */
  async waitForPendingCheckpoints(): Promise<void> {
    await Promise.all([...this.pendingWrites]);
  }

  /**
   * The encoded state of the chain, or undefined when nothing in it has state. With a directory,
   * operators may stream state into files of their own there (`keyedStateFiles`).
   */
  private snapshot(checkpointId: number, dir: string | undefined): { bytes: Uint8Array; keyedStateFiles: StateHandle[] } | undefined {
    const operators: Record<string, OperatorStateSnapshot> = {};
    let hasState = false;
    const keyedStateFiles: StateHandle[] = [];
    const { vertexId, subtaskIndex } = this.setup;
    for (const { operatorId, op } of this.setup.operators) {
      const files: SnapshotFileTarget | undefined = dir ? { directory: dir, name: `${vertexId}-${subtaskIndex}-${operatorId}`, onWritten: (ref) => keyedStateFiles.push({ ...ref, path: join(dir, ref.path) }) } : undefined;
      const snapshot = op.snapshotState?.(checkpointId, files);
      if (snapshot === undefined) continue;
      operators[operatorId] = snapshot;
      hasState = true;
    }
    const sourcePosition = this.setup.sourcePosition();
    if (!hasState && sourcePosition === undefined) return undefined;
    return { bytes: encodeTaskState(sourcePosition === undefined ? { version: 1, operators } : { version: 1, operators, sourcePosition }), keyedStateFiles };
  }

  private async persist(checkpointId: number, file: { path: string; bytes: Uint8Array; keyedStateFiles: StateHandle[] } | undefined, alignment: AlignmentMetrics, syncDurationMs: number): Promise<void> {
    const t0 = performance.now();
    let state: StateHandle | undefined;
    if (file) {
      try {
        state = await writeTaskStateFile(file.path, file.bytes);
      } catch (err) {
        return this.decline(checkpointId, new SluiceError(ErrorCode.CHECKPOINT_DECLINED, `${this.setup.taskName} could not write its state file ${file.path} for checkpoint ${checkpointId}: ${errorMessage(err)}`, { kind: 'external', cause: err }));
      }
    }
    const keyedStateFiles = file?.keyedStateFiles ?? [];
    this.setup.responder.acknowledge({
      checkpointId,
      state,
      ...(keyedStateFiles.length > 0 && { keyedStateFiles }),
      metrics: {
        startDelayMs: Math.round(alignment.startDelayMs),
        alignmentDurationMs: Math.round(alignment.alignmentDurationMs),
        syncDurationMs: Math.round(syncDurationMs),
        asyncDurationMs: Math.round(performance.now() - t0),
        stateSize: keyedStateFiles.reduce((sum, f) => sum + f.size, state?.size ?? 0),
        processedData: alignment.processedData,
      },
    });
  }
}
