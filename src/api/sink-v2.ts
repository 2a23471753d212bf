/**
 * Flink's Sink V2 API (`org.apache.flink.api.connector.sink2`): a sink made of a SinkWriter per
 * subtask and, for exactly-once output, a Committer. A committing writer hands over its
 * committables at every checkpoint (`prepareCommit`); the runtime keeps them in the checkpoint and
 * passes them to the Committer only once that checkpoint has completed, so what a restarted job
 * replays is never committed twice. After a restore, the committables of the restored
 * checkpoint are committed again: a Committer must be idempotent (`signalAlreadyCommitted`).
 *
 * Serializers are not needed: writer state and committables are plain data that the checkpoint
 * stores as it is (objects, arrays, strings, numbers).
 */
import type { TaskInfo } from './functions.js';

/** What a writer or committer is created with: its subtask, and the checkpoint it restores from. */
export interface InitContext extends TaskInfo {
  /** The id of the checkpoint this attempt restored from; undefined on a fresh start. */
  getRestoredCheckpointId(): number | undefined;
}

export type WriterInitContext = InitContext;
export type CommitterInitContext = InitContext;

/** Per record, what the writer may ask (Flink's SinkWriter.Context). */
export interface SinkWriterContext {
  /** The current event-time watermark (Number.MIN_SAFE_INTEGER before the first). */
  currentWatermark(): number;
  /** The record's timestamp, if it has one. */
  timestamp(): number | undefined;
}

/** Writes the records of one subtask (Flink's SinkWriter). */
export interface SinkWriter<IN> {
  write(element: IN, context: SinkWriterContext): void;
  /** Called before every checkpoint and at the end of input (`endOfInput`): write out what is buffered. */
  flush(endOfInput: boolean): void;
  close(): void | Promise<void>;
}

/** A writer that hands over committables at each checkpoint (Flink's CommittingSinkWriter). */
export interface CommittingSinkWriter<IN, CommT> extends SinkWriter<IN> {
  /** The committables of everything written since the last call; called right after `flush`. */
  prepareCommit(): CommT[];
}

/** A writer whose state is part of the checkpoint (Flink's StatefulSinkWriter). */
export interface StatefulSinkWriter<IN, WriterStateT> extends SinkWriter<IN> {
  snapshotState(checkpointId: number): WriterStateT[];
}

/** The sink (Flink's Sink): creates each subtask's writer. */
export interface Sink<IN> {
  createWriter(context: WriterInitContext): SinkWriter<IN> | Promise<SinkWriter<IN>>;
}

/** A sink whose writer state is checkpointed (Flink's SupportsWriterState). */
export interface SupportsWriterState<IN, WriterStateT> {
  /** The writer of a restored attempt, from the state its predecessor snapshotted. */
  restoreWriter(context: WriterInitContext, recoveredState: WriterStateT[]): StatefulSinkWriter<IN, WriterStateT> | Promise<StatefulSinkWriter<IN, WriterStateT>>;
}

/** A sink that commits what its writers prepared (Flink's SupportsCommitter). */
export interface SupportsCommitter<CommT> {
  createCommitter(context: CommitterInitContext): Committer<CommT> | Promise<Committer<CommT>>;
}

/** One committable to commit, and how the committer reports on it (Flink's Committer.CommitRequest). */
export interface CommitRequest<CommT> {
  getCommittable(): CommT;
  /** How often this committable was retried before. */
  getNumberOfRetries(): number;
  /** It cannot be committed and must not be retried (logged and dropped). */
  signalFailedWithKnownReason(error: unknown): void;
  /** It failed for a reason the committer does not understand: the task fails. */
  signalFailedWithUnknownReason(error: unknown): void;
  /** Try again with the next completed checkpoint. */
  retryLater(): void;
  /** Try `committable` instead, with the next completed checkpoint. */
  updateAndRetryLater(committable: CommT): void;
  /** It had been committed before (a commit repeated after a restore). */
  signalAlreadyCommitted(): void;
}

/** Makes prepared output visible (Flink's Committer); must be idempotent. */
export interface Committer<CommT> {
  commit(requests: CommitRequest<CommT>[]): void | Promise<void>;
  close(): void | Promise<void>;
}

/** A sink with exactly-once output: a writer with state that prepares committables, and a committer. */
export type TwoPhaseCommittingSink<IN, CommT, WriterStateT = never> = Sink<IN> & SupportsCommitter<CommT> & Partial<SupportsWriterState<IN, WriterStateT>>;
