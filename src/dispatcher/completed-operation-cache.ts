/**
 * The asynchronous operations of jobs by trigger id (Flink's CompletedOperationCache): an
 * operation is in progress until its promise settles; its result or error is then kept for
 * `storeDurationMs` (`rest.async.store-duration`), and of the completed ones only the newest
 * `maxCompleted` are kept, so clients that trigger and never ask cannot fill the memory.
 */
import { ErrorCode, SluiceError, serializeError } from '../common/errors.js';
import type { OperationKey, OperationResult } from '../protocol/checkpoint-triggers.js';

/** Completed results kept at most (Flink bounds them by time only). */
export const MAX_COMPLETED_OPERATIONS = 1000;

interface Completed<R> {
  result: OperationResult<R>;
  completedAt: number;
}

/** A job's operation, or one of no job (a disposal), as the key of the maps. */
type Key = OperationKey & { jobId?: string };

function keyOf(key: Key): string {
  return `${key.jobId ?? ''}/${key.triggerId}`;
}

export class CompletedOperationCache<R> {
  private readonly inProgress = new Set<string>();
  /** In the order they completed, oldest first. */
  private readonly completed = new Map<string, Completed<R>>();

  /** `operation` names the kind in messages (`checkpoint`). */
  constructor(private readonly operation: string, private readonly storeDurationMs: number, private readonly maxCompleted = MAX_COMPLETED_OPERATIONS) {}

  /** Whether `key` names an operation in progress or a result still kept. */
  containsOperation(key: Key): boolean {
    this.expire();
    const k = keyOf(key);
    return this.inProgress.has(k) || this.completed.has(k);
  }

  /** Registers the operation `key`, whose outcome `operation` settles to. */
  registerOngoingOperation(key: Key, operation: Promise<R>): void {
    const k = keyOf(key);
    this.inProgress.add(k);
    const settle = (result: OperationResult<R>): void => {
      this.inProgress.delete(k);
      this.completed.set(k, { result, completedAt: Date.now() });
      this.expire();
    };
    operation.then((result) => settle({ status: 'SUCCESS', result }), (err: unknown) => settle({ status: 'FAILURE', error: serializeError(err) }));
  }

  /** Where operation `key` stands. Throws NOT_FOUND for a key never registered or expired. */
  get(key: Key): OperationResult<R> {
    this.expire();
    const k = keyOf(key);
    if (this.inProgress.has(k)) return { status: 'IN_PROGRESS' };
    const done = this.completed.get(k);
    if (done) return done.result;
    throw SluiceError.user(ErrorCode.NOT_FOUND, `There is no ${this.operation} operation with triggerId=${key.triggerId}${key.jobId === undefined ? '' : ` for job ${key.jobId}`}.`);
  }

  /** Drops the results older than the store duration, and the oldest beyond the bound. */
  private expire(): void {
    const oldest = Date.now() - this.storeDurationMs;
    for (const [k, done] of this.completed) {
      if (done.completedAt > oldest && this.completed.size <= this.maxCompleted) break;
      this.completed.delete(k);
    }
  }
}
