/**
 * A task's part of a checkpoint (Flink's SubtaskCheckpointCoordinator): the synchronous snapshot
 * of the chain (every operator's snapshotState and the source position; keyed state streamed
 * into files of its own beside the state file) on the task thread, the barrier sent on behind
 * the records before it, then, while the data path goes on, the state file written and the
 * checkpoint acknowledged (with the keyed state files), or declined with the reason.
 */
import { dirname, join } from 'node:path';
import { ErrorCode, SluiceError, errorMessage, serializeError } from '../common/errors.js';
import { checkpointLocation, SHARED_STATE_DIRECTORY, type StateHandle, type SubtaskCheckpointAck, type SubtaskCheckpointDecline } from '../protocol/checkpoints.js';
import { EventType, SnapshotKind, type CheckpointBarrier } from '../network/index.js';
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
  /** The shared keyed state files the last snapshot named: a later one naming them again did not write them. */
  private sharedFiles = new Set<string>();

  constructor(private readonly setup: SubtaskCheckpointSetup) {}

  /**
   * Takes checkpoint `barrier.checkpointId` now: snapshot, barrier on every output, then the
   * state file (into `location`, or the job's checkpoint directory) and the acknowledgement.
   */
  checkpoint(barrier: CheckpointBarrier, alignment: AlignmentMetrics, location?: string): void {
    const { checkpointId } = barrier;
    const t0 = performance.now();
    const dir = location ?? (this.setup.checkpointDirectory && checkpointLocation(this.setup.checkpointDirectory, this.setup.jobId, checkpointId));
    let snapshot: { bytes: Uint8Array; keyedStateFiles: StateHandle[]; reusedBytes: number } | undefined;
    try {
      snapshot = this.snapshot(checkpointId, dir, barrier.kind);
    } catch (err) {
      return this.decline(checkpointId, new SluiceError(ErrorCode.CHECKPOINT_DECLINED, `${this.setup.taskName} could not snapshot its state for checkpoint ${checkpointId}: ${errorMessage(err)}`, { kind: 'user', cause: err }));
    }
    let file: { path: string; bytes: Uint8Array; keyedStateFiles: StateHandle[]; reusedBytes: number } | undefined;
    if (snapshot) {
      if (!dir) return this.decline(checkpointId, new SluiceError(ErrorCode.CHECKPOINT_DECLINED, `${this.setup.taskName} has state for checkpoint ${checkpointId} but its job names no checkpoint directory (execution.checkpointing.dir)`, { kind: 'user' }));
      file = { path: taskStateFilePath(dir, this.setup.vertexId, this.setup.subtaskIndex), ...snapshot };
    }
    const syncDurationMs = performance.now() - t0;
    this.setup.broadcastBarrier({ type: EventType.CHECKPOINT_BARRIER, checkpointId, timestamp: barrier.timestamp, kind: barrier.kind });
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
   * operators may stream state into files of their own there (`keyedStateFiles`); at a checkpoint
   * (not a savepoint) an incremental backend may name files of the job's shared directory
   * instead, some written by earlier checkpoints (their bytes are `reusedBytes`); at a FULL one
   * it writes a new base there.
   */
  private snapshot(checkpointId: number, dir: string | undefined, kind: SnapshotKind): { bytes: Uint8Array; keyedStateFiles: StateHandle[]; reusedBytes: number } | undefined {
    const operators: Record<string, OperatorStateSnapshot> = {};
    let hasState = false;
    const keyedStateFiles: StateHandle[] = [];
    const { vertexId, subtaskIndex } = this.setup;
    const shared = dir && kind !== SnapshotKind.SAVEPOINT ? { directory: join(dirname(dir), SHARED_STATE_DIRECTORY), checkpointId, ...(kind === SnapshotKind.FULL_CHECKPOINT && { full: true }) } : undefined;
    for (const { operatorId, op } of this.setup.operators) {
      const files: SnapshotFileTarget | undefined = dir ? { directory: dir, name: `${vertexId}-${subtaskIndex}-${operatorId}`, ...(shared && { shared }), onWritten: (ref) => keyedStateFiles.push({ ...ref, path: join(dir, ref.path) }) } : undefined;
      const snapshot = op.snapshotState?.(checkpointId, files);
      if (snapshot === undefined) continue;
      operators[operatorId] = snapshot;
      hasState = true;
    }
    let reusedBytes = 0;
    if (shared) {
      const sharedFiles = new Set(keyedStateFiles.filter((f) => dirname(f.path) === shared.directory).map((f) => f.path));
      for (const f of keyedStateFiles) if (this.sharedFiles.has(f.path)) reusedBytes += f.size;
      this.sharedFiles = sharedFiles;
    }
    const sourcePosition = this.setup.sourcePosition();
    if (!hasState && sourcePosition === undefined) return undefined;
    return { bytes: encodeTaskState(sourcePosition === undefined ? { version: 1, operators } : { version: 1, operators, sourcePosition }), keyedStateFiles, reusedBytes };
  }

  private async persist(checkpointId: number, file: { path: string; bytes: Uint8Array; keyedStateFiles: StateHandle[]; reusedBytes: number } | undefined, alignment: AlignmentMetrics, syncDurationMs: number): Promise<void> {
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
    const stateSize = keyedStateFiles.reduce((sum, f) => sum + f.size, state?.size ?? 0);
    this.setup.responder.acknowledge({
      checkpointId,
      state,
      ...(keyedStateFiles.length > 0 && { keyedStateFiles }),
      metrics: {
        startDelayMs: Math.round(alignment.startDelayMs),
        alignmentDurationMs: Math.round(alignment.alignmentDurationMs),
        syncDurationMs: Math.round(syncDurationMs),
        asyncDurationMs: Math.round(performance.now() - t0),
        stateSize,
        checkpointedSize: stateSize - (file?.reusedBytes ?? 0),
        processedData: alignment.processedData,
      },
    });
  }
}
