/**
 * A program's checkpoint settings (Flink's CheckpointConfig, from `env.getCheckpointConfig()`).
 * What the program sets becomes the job's `execution.checkpointing.*` keys, which override the
 * cluster's; what it leaves alone comes from the cluster's configuration or the run request.
 */
import { CheckpointingOptions, MIN_CHECKPOINT_INTERVAL_MS } from '../common/config/options.js';
import { ErrorCode, SluiceError } from '../common/errors.js';

/** The guarantee of a job's checkpoints (Flink's CheckpointingMode). */
export const CheckpointingMode = {
  /** Barriers are aligned: every record is in the state exactly once after a restore. */
  EXACTLY_ONCE: 'EXACTLY_ONCE',
  /** Barriers are not aligned: after a restore a record may be counted twice. */
  AT_LEAST_ONCE: 'AT_LEAST_ONCE',
} as const;
export type CheckpointingMode = (typeof CheckpointingMode)[keyof typeof CheckpointingMode];

/** What happens to a job's retained checkpoints when it ends (Flink's ExternalizedCheckpointRetention). */
export const ExternalizedCheckpointRetention = {
  /** Deleted when the job is cancelled, kept when it fails (the default). */
  DELETE_ON_CANCELLATION: 'DELETE_ON_CANCELLATION',
  /** Kept when the job is cancelled or fails. */
  RETAIN_ON_CANCELLATION: 'RETAIN_ON_CANCELLATION',
  /** Flink 1.x: deleted whenever the job ends. */
  NO_EXTERNALIZED_CHECKPOINTS: 'NO_EXTERNALIZED_CHECKPOINTS',
} as const;
export type ExternalizedCheckpointRetention = (typeof ExternalizedCheckpointRetention)[keyof typeof ExternalizedCheckpointRetention];

function check(ok: boolean, message: string): void {
  if (!ok) throw SluiceError.user(ErrorCode.INVALID_PROGRAM, message);
}

function checkOneOf(value: string, allowed: Record<string, string>, what: string): void {
  check(Object.values(allowed).includes(value), `Unknown ${what} '${value}': expected one of ${Object.values(allowed).join(', ')}.`);
}

export class CheckpointConfig {
  /** Job configuration keys the program set, in the order it set them. */
  private readonly settings = new Map<string, string>();

  /** Checkpoints every `interval` ms (at least 10); Flink's enableCheckpointing. */
  setCheckpointInterval(interval: number): this {
    check(Number.isInteger(interval) && interval >= MIN_CHECKPOINT_INTERVAL_MS, `The checkpoint interval must be a whole number of at least ${MIN_CHECKPOINT_INTERVAL_MS} ms, got ${interval}.`);
    return this.set(CheckpointingOptions.INTERVAL.key, interval);
  }

  /** The interval the program set (ms); -1 when it did not enable checkpointing, as in Flink. */
  getCheckpointInterval(): number {
    return Number(this.settings.get(CheckpointingOptions.INTERVAL.key) ?? -1);
  }

  isCheckpointingEnabled(): boolean {
    return this.getCheckpointInterval() > 0;
  }

  /** Flink 2.0's name of setCheckpointingMode. */
  setCheckpointingConsistencyMode(mode: CheckpointingMode): this {
    checkOneOf(mode, CheckpointingMode, 'checkpointing mode');
    return this.set(CheckpointingOptions.MODE.key, mode);
  }

  setCheckpointingMode(mode: CheckpointingMode): this {
    return this.setCheckpointingConsistencyMode(mode);
  }

  /** A checkpoint not complete after `timeout` ms is aborted (more than 0). */
  setCheckpointTimeout(timeout: number): this {
    check(Number.isInteger(timeout) && timeout > 0, `The checkpoint timeout must be a whole number of ms larger than 0, got ${timeout}.`);
    return this.set(CheckpointingOptions.TIMEOUT.key, timeout);
  }

  /** At least `minPause` ms between the end of a checkpoint and the start of the next. */
  setMinPauseBetweenCheckpoints(minPause: number): this {
    check(Number.isInteger(minPause) && minPause >= 0, `The minimum pause between checkpoints must be a whole number of ms, at least 0, got ${minPause}.`);
    return this.set(CheckpointingOptions.MIN_PAUSE.key, minPause);
  }

  /** At most `max` checkpoints in progress at once (at least 1). */
  setMaxConcurrentCheckpoints(max: number): this {
    check(Number.isInteger(max) && max >= 1, `The maximum number of concurrent checkpoints must be a whole number of at least 1, got ${max}.`);
    return this.set(CheckpointingOptions.MAX_CONCURRENT.key, max);
  }

  /** Consecutive failed checkpoints tolerated before the job fails (at least 0). */
  setTolerableCheckpointFailureNumber(tolerable: number): this {
    check(Number.isInteger(tolerable) && tolerable >= 0, `The tolerable checkpoint failure number must be a whole number of at least 0, got ${tolerable}.`);
    return this.set(CheckpointingOptions.TOLERABLE_FAILURES.key, tolerable);
  }

  setExternalizedCheckpointRetention(retention: ExternalizedCheckpointRetention): this {
    checkOneOf(retention, ExternalizedCheckpointRetention, 'externalized checkpoint retention');
    return this.set(CheckpointingOptions.EXTERNALIZED_RETENTION.key, retention);
  }

  /** Flink 1.x's name of setExternalizedCheckpointRetention. */
  setExternalizedCheckpointCleanup(cleanup: ExternalizedCheckpointRetention): this {
    return this.setExternalizedCheckpointRetention(cleanup);
  }

  /** The job configuration keys the program set; empty when it set none. */
  toConfiguration(): Record<string, string> {
    return Object.fromEntries(this.settings);
  }

  private set(key: string, value: string | number): this {
    this.settings.set(key, String(value));
    return this;
  }
}
