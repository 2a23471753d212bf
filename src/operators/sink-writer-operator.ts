/**
 * Runs a Sink V2 (`sinkTo`): the subtask's SinkWriter and, for a sink that supports it, its
 * Committer, in one operator (Flink runs them as a writer and a committer operator). At each
 * checkpoint the writer flushes and prepares its committables, which go into the checkpoint with
 * the writer's state; they are committed when that checkpoint completes. A restored attempt commits
 * the committables of its checkpoint first (that checkpoint completed, and its notification may
 * have been lost in the failure), so committers must be idempotent. At the end of input what is
 * left is committed at once.
 */
import type { TaskInfo } from '../api/functions.js';
import type { CommitRequest, Committer, Sink, SinkWriter, SinkWriterContext, WriterInitContext } from '../api/sink-v2.js';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import { indexRange } from '../common/index-range.js';
import { describeOperator, userFunctionError } from './operator-errors.js';
import type { OperatorStateSnapshot, StreamOperator } from './stream-operator.js';

/** How often a commit that asked to be retried is tried again at the end of input. */
const FINAL_COMMIT_ATTEMPTS = 3;

/** The optional parts of a Sink V2, looked up by method as Flink checks its mix-in interfaces. */
interface AnySink extends Sink<unknown> {
  restoreWriter?(context: WriterInitContext, recoveredState: unknown[]): SinkWriter<unknown> | Promise<SinkWriter<unknown>>;
  createCommitter?(context: WriterInitContext): Committer<unknown> | Promise<Committer<unknown>>;
}

interface AnyWriter extends SinkWriter<unknown> {
  prepareCommit?(): unknown[];
  snapshotState?(checkpointId: number): unknown[];
}

/** What the operator puts into a checkpoint. */
export interface SinkWriterSnapshot {
  checkpointId: number;
  writerState: unknown[];
  /** Committables not committed yet, by the checkpoint that took them. */
  committables: [number, unknown[]][];
}

/**
 * What subtask `index` of `parallelism` restores after a rescale, from `all` (the operator's
 * snapshots of every old subtask, in subtask order): the writers' states and the committables not
 * committed yet, each concatenated and split into contiguous, near-equal parts (Flink splits the
 * writer's and the committer's list state so), of which it gets part `index`. Each committable so
 * goes to exactly one new subtask, which commits it on restore; each writer state (a FileSink
 * writer's in-progress parts to clean up and its part counter) to exactly one writer, and a
 * subtask that gets none starts a fresh writer.
 */
export function redistributeSinkWriterState(all: readonly SinkWriterSnapshot[], index: number, parallelism: number): SinkWriterSnapshot {
  const share = <T>(items: T[]): T[] => {
    const { start, end } = indexRange(items.length, index, parallelism);
    return items.slice(start, end);
  };
  const checkpointId = Math.max(...all.map((s) => s.checkpointId));
  const committables = share(all.flatMap((s) => s.committables.flatMap(([, c]) => c)));
  return { checkpointId, writerState: share(all.flatMap((s) => s.writerState)), committables: committables.length === 0 ? [] : [[checkpointId, committables]] };
}

/** A commit request and what the committer said of it. */
class Request implements CommitRequest<unknown> {
  outcome: 'committed' | 'retry' | 'failedKnown' | 'failedUnknown' = 'committed';
  error: unknown;

  constructor(private committable: unknown, private readonly retries: number) {}

  getCommittable(): unknown {
    return this.committable;
  }
  getNumberOfRetries(): number {
    return this.retries;
  }
  signalFailedWithKnownReason(error: unknown): void {
    this.outcome = 'failedKnown';
    this.error = error;
  }
  signalFailedWithUnknownReason(error: unknown): void {
    this.outcome = 'failedUnknown';
    this.error = error;
  }
  retryLater(): void {
    this.outcome = 'retry';
  }
  updateAndRetryLater(committable: unknown): void {
    this.committable = committable;
    this.outcome = 'retry';
  }
  signalAlreadyCommitted(): void {
    this.outcome = 'committed';
  }
}

export class SinkWriterOperator implements StreamOperator {
  private writer?: AnyWriter;
  private committer?: Committer<unknown>;
  private restored?: SinkWriterSnapshot;
  /** Committables by the checkpoint that took them, until it completes. */
  private readonly pending = new Map<number, unknown[]>();
  /** Committables to try again with the next completed checkpoint, with their retry counts. */
  private retries: { committable: unknown; retries: number }[] = [];
  /** Commits run one after another; a failure fails the task at its next record or checkpoint. */
  private committing: Promise<void> = Promise.resolve();
  private commitFailure?: SluiceError;
  private description = 'Sink';
  private readonly context: SinkWriterContext = { currentWatermark: () => Number.MIN_SAFE_INTEGER, timestamp: () => undefined };

  constructor(private readonly sink: AnySink, private readonly log: (message: string) => void) {}

  initializeState(snapshot: OperatorStateSnapshot | undefined): void {
    this.restored = snapshot as SinkWriterSnapshot | undefined;
  }

  async open(info: TaskInfo): Promise<void> {
    this.description = describeOperator(info);
    const restored = this.restored;
    const context: WriterInitContext = Object.assign(Object.create(info) as TaskInfo, { getRestoredCheckpointId: () => restored?.checkpointId });
    try {
      this.writer = (restored && this.sink.restoreWriter ? await this.sink.restoreWriter(context, restored.writerState) : await this.sink.createWriter(context)) as AnyWriter;
      this.committer = await this.sink.createCommitter?.(context);
    } catch (err) {
      throw userFunctionError(this.description, err);
    }
    if (restored) await this.commit(restored.committables.flatMap(([, c]) => c).map((committable) => ({ committable, retries: 0 })));
    this.throwIfCommitFailed();
  }

  processElement(record: unknown): void {
    if (this.commitFailure) throw this.commitFailure;
    try {
      this.writer!.write(record, this.context);
    } catch (err) {
      throw userFunctionError(this.description, err);
    }
  }

  snapshotState(checkpointId: number): OperatorStateSnapshot {
    this.throwIfCommitFailed();
    try {
      const writer = this.writer!;
      writer.flush(false);
      const committables = writer.prepareCommit?.() ?? [];
      if (committables.length > 0) this.pending.set(checkpointId, committables);
      const snapshot: SinkWriterSnapshot = { checkpointId, writerState: writer.snapshotState?.(checkpointId) ?? [], committables: [...this.pending] };
      return snapshot as unknown as OperatorStateSnapshot;
    } catch (err) {
      throw userFunctionError(this.description, err);
    }
  }

  /** Commits what the checkpoints up to `checkpointId` took (an aborted one's committables go with the next that completes). */
  notifyCheckpointComplete(checkpointId: number): void {
    const ready = this.retries;
    this.retries = [];
    for (const [id, committables] of this.pending) {
      if (id > checkpointId) continue;
      this.pending.delete(id);
      for (const committable of committables) ready.push({ committable, retries: 0 });
    }
    if (ready.length > 0) void this.commit(ready);
  }

  /** End of input: everything written is committed now. */
  async finish(): Promise<void> {
    try {
      this.writer!.flush(true);
      const last = this.writer!.prepareCommit?.() ?? [];
      const all = [...this.retries, ...[...this.pending.values(), last].flat().map((committable) => ({ committable, retries: 0 }))];
      this.pending.clear();
      this.retries = [];
      await this.commit(all);
      for (let attempt = 1; attempt < FINAL_COMMIT_ATTEMPTS && this.retries.length > 0; attempt++) {
        const again = this.retries;
        this.retries = [];
        await this.commit(again);
      }
    } catch (err) {
      throw userFunctionError(this.description, err);
    }
    this.throwIfCommitFailed();
    if (this.retries.length > 0) throw SluiceError.user(ErrorCode.USER_FUNCTION_FAILED, `${this.description} failed: ${this.retries.length} committable(s) still asked to be retried after ${FINAL_COMMIT_ATTEMPTS} attempts at the end of input`);
  }

  async close(): Promise<void> {
    await this.committing;
    await this.writer?.close();
    await this.committer?.close();
  }

  /** Commits `items` after the commits before them; retries and failures are recorded as the committer signals them. */
  private commit(items: { committable: unknown; retries: number }[]): Promise<void> {
    if (items.length === 0 || !this.committer) return this.committing;
    const committer = this.committer;
    this.committing = this.committing.then(async () => {
      const requests = items.map((i) => new Request(i.committable, i.retries));
      try {
        await committer.commit(requests);
      } catch (err) {
        this.commitFailure ??= userFunctionError(this.description, err);
        return;
      }
      for (const r of requests) {
        if (r.outcome === 'retry') this.retries.push({ committable: r.getCommittable(), retries: r.getNumberOfRetries() + 1 });
        else if (r.outcome === 'failedKnown') this.log(`${this.description}: a committable was dropped after a known failure: ${errorMessage(r.error)}`);
        else if (r.outcome === 'failedUnknown') this.commitFailure ??= userFunctionError(this.description, r.error);
      }
    });
    return this.committing;
  }

  private throwIfCommitFailed(): void {
    if (this.commitFailure) throw this.commitFailure;
  }
}
