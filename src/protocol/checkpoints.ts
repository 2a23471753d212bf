/**
 * The checkpoint protocol between the JobMaster's CheckpointCoordinator and the tasks (Flink's
 * CheckpointMetaData, TaskStateSnapshot handles, AcknowledgeCheckpoint, JobManagerTaskRestore).
 *
 * A checkpoint lives in `<checkpoint dir>/<job id>/chk-<id>/`: one state file per subtask that
 * has state, written by the task, and `_metadata`, written by the JobMaster last, once every
 * subtask acknowledged. A checkpoint without `_metadata` never completed.
 */
import { join } from 'node:path';
import type { SerializedError } from '../common/errors.js';
import type { KeyGroupRange } from '../common/key-group-range.js';
import type { JobGraph } from './job-graph.js';

/** The directory of checkpoint `checkpointId` of job `jobId` under the checkpoint directory `dir`. */
export function checkpointLocation(dir: string, jobId: string, checkpointId: number): string {
  return join(dir, jobId, `chk-${checkpointId}`);
}

/**
 * The folder beside a job's `chk-<id>` directories (Flink's `shared/`) that holds the files of an
 * incremental backend which later checkpoints name again: `_metadata` and state files name them
 * `../shared/<file>`, and the JobManager deletes one once no retained checkpoint names it.
 */
export const SHARED_STATE_DIRECTORY = 'shared';

/** `execution.checkpointing.mode`. */
export type CheckpointingMode = 'EXACTLY_ONCE' | 'AT_LEAST_ONCE';

/**
 * Flink's SavepointType of a stop-with-savepoint: once the savepoint completed, the sources end.
 * TERMINATE (`drain`) ends them as if exhausted, so every operator finishes and flushes what it
 * holds; SUSPEND stops them without finishing their chain, so nothing is emitted past the savepoint.
 */
export type SavepointStopMode = 'SUSPEND' | 'TERMINATE';

/** What the JobMaster sends to the tasks it triggers (sources, or tasks whose inputs all finished). */
export interface CheckpointTrigger {
  checkpointId: number;
  /** When the coordinator triggered it (ms since the epoch); carried by the barriers. */
  timestamp: number;
  /** Directory of this checkpoint (`.../chk-<id>`), where each subtask writes its state file. */
  location: string;
  /** Set for a stop-with-savepoint: a source ends once this checkpoint completed, and goes on if it is aborted. */
  stop?: SavepointStopMode;
  /** A savepoint (Flink's SnapshotType): every task takes a full, self-contained snapshot, never an incremental one. */
  savepoint?: true;
  /** A checkpoint that must be full (Flink's FULL checkpoint type): an incremental backend writes a new base. */
  full?: true;
}

/** A subtask's state file, or a keyed state file beside it, in a checkpoint directory. */
export interface StateHandle {
  /** Absolute path of the file. */
  path: string;
  /** Its size in bytes. */
  size: number;
  /** sha256 of its bytes (hex): a restore checks it, so a corrupt file is noticed before use. */
  sha256: string;
}

/** A subtask's figures for one checkpoint (Flink's SubtaskCheckpointStatistics). */
export interface SubtaskCheckpointMetrics {
  /** From the trigger timestamp until the subtask received its first barrier (sources: the trigger). */
  startDelayMs: number;
  /** From the first to the last barrier of its inputs (0 for sources and single inputs). */
  alignmentDurationMs: number;
  /** Taking the snapshot on the task thread. */
  syncDurationMs: number;
  /** Writing the state file. */
  asyncDurationMs: number;
  /** Bytes of state (the state file's size and its keyed state files'; 0 without state). */
  stateSize: number;
  /**
   * Bytes this checkpoint wrote: `stateSize` less the shared files of an incremental backend that
   * earlier checkpoints wrote (Flink's checkpointed size). Absent (as `stateSize`) from older senders.
   */
  checkpointedSize?: number;
  /** Bytes processed during alignment. */
  processedData: number;
}

/** The bytes a subtask's part of a checkpoint wrote (all of its state, unless incremental). */
export function checkpointedSizeOf(metrics: SubtaskCheckpointMetrics): number {
  return metrics.checkpointedSize ?? metrics.stateSize;
}

/** A subtask took its part of checkpoint `checkpointId`. */
export interface SubtaskCheckpointAck {
  checkpointId: number;
  /** Undefined when the subtask has no state. */
  state?: StateHandle;
  /** The keyed state files its operators wrote beside the state file (which names them), if any. */
  keyedStateFiles?: StateHandle[];
  metrics: SubtaskCheckpointMetrics;
}

/** A subtask could not take its part (its error says why): the checkpoint is aborted. */
export interface SubtaskCheckpointDecline {
  checkpointId: number;
  reason: SerializedError;
}

/**
 * One snapshot vertex's part of what a subtask restores: the state files of that vertex's subtasks,
 * which hold the state of some of the subtask's operators (by operator id). At an unchanged
 * parallelism the subtask reads the file of its own index (and, for union list state, all of them);
 * at another parallelism (Flink's StateAssignmentOperation) it reads the files holding its key
 * groups, and all of them when list state, a sink's state or source positions must be shared out.
 */
export interface RestoredVertexState {
  /**
   * The files whose key groups overlap the subtask's (`TaskRestore.keyGroups`), in subtask order:
   * at an unchanged parallelism, the file of its own subtask index only.
   */
  states: StateHandle[];
  /**
   * The vertex's state file of each of its subtasks in the snapshot, by subtask index (null for a
   * subtask that wrote none): its length is the vertex's parallelism then. Other files than
   * `states` are read only when their state is shared out among all new subtasks (union list
   * state; on a rescale also list state, sink state and source positions).
   */
  vertexStates: (StateHandle | null)[];
  /** The part's vertex held the subtask's head operator: its source positions are the ones restored. */
  holdsHead: boolean;
}

/**
 * The source input a restored subtask reads after a rescale: the remaining input of some subtasks
 * of the snapshot vertex that held its head source, handed out round-robin (Flink's split
 * reassignment). A subtask that gets none ends at once.
 */
export interface RestoredSourceSubtasks {
  /** The parallelism the source ran at in the snapshot. */
  parallelism: number;
  /** Those of its subtasks (indices) whose input this subtask reads, each from its recorded position. */
  subtasks: number[];
}

/**
 * What a subtask restores from (Flink's JobManagerTaskRestore). Its operators' state is found by
 * operator id, so it may come from several vertices of the snapshot (a job whose chaining changed),
 * each possibly at another parallelism than now (a rescale).
 */
export interface TaskRestore {
  checkpointId: number;
  /** The key groups the subtask owns: keyed state of other key groups in the files it reads is dropped. */
  keyGroups: KeyGroupRange;
  /** One part per snapshot vertex with state files holding some of the subtask's operators; empty without state. */
  states: RestoredVertexState[];
  /** Set when the subtask's head is a source whose snapshot vertex ran at another parallelism. */
  source?: RestoredSourceSubtasks;
  /**
   * The subtask had finished before the checkpoint: it must not emit again what it emitted
   * (a source starts exhausted; a task with input sees only the ends of its channels). After a
   * rescale, set when every subtask of its head's vertex had finished.
   */
  finished: boolean;
}

/**
 * Checks at submission that a job set to start from a snapshot (`execution.savepoint.path`) can:
 * the snapshot reads back intact and its state maps onto the job's operators. Throws a user
 * error naming the path and the problem.
 */
export type SnapshotRestoreCheck = (jobGraph: JobGraph) => Promise<void>;
