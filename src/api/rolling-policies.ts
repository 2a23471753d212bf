/**
 * When a FileSink closes its in-progress part file and starts the next (Flink's RollingPolicy). A
 * closed part becomes pending and is committed with the next completed checkpoint. Sluice's row
 * format also rolls at every checkpoint, whatever the policy (it has no resumable in-progress
 * files, which Flink's row format keeps open across checkpoints).
 */
import { ErrorCode, SluiceError } from '../common/errors.js';

/** What a rolling policy knows of an in-progress part file (Flink's PartFileInfo). */
export interface PartFileInfo {
  getBucketId(): string;
  /** When the part was opened (ms since the epoch). */
  getCreationTime(): number;
  /** When it was last written to. */
  getLastUpdateTime(): number;
  /** Bytes written to it so far. */
  getSize(): number;
}

export interface RollingPolicy<IN> {
  /** Checked after each record is written to the part. */
  shouldRollOnEvent(part: PartFileInfo, element: IN): boolean;
  /** Checked with the current time as records arrive and at checkpoints. */
  shouldRollOnProcessingTime(part: PartFileInfo, currentTime: number): boolean;
}

function positive(what: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw SluiceError.user(ErrorCode.INVALID_PROGRAM, `The rolling policy's ${what} must be a positive number, got ${value}.`);
  return value;
}

/**
 * Rolls a part when it reaches `maxPartSize` bytes (128 MiB), is older than `rolloverInterval`
 * (60 s), or was not written to for `inactivityInterval` (60 s) — Flink's defaults.
 */
export class DefaultRollingPolicy<IN> implements RollingPolicy<IN> {
  private constructor(readonly maxPartSize: number, readonly rolloverInterval: number, readonly inactivityInterval: number) {}

  static builder(): DefaultRollingPolicyBuilder {
    return new DefaultRollingPolicyBuilder();
  }

  /** @internal */
  static of<IN>(maxPartSize: number, rolloverInterval: number, inactivityInterval: number): DefaultRollingPolicy<IN> {
    return new DefaultRollingPolicy(maxPartSize, rolloverInterval, inactivityInterval);
  }

  shouldRollOnEvent(part: PartFileInfo): boolean {
    return part.getSize() >= this.maxPartSize;
  }

  shouldRollOnProcessingTime(part: PartFileInfo, currentTime: number): boolean {
    return currentTime - part.getCreationTime() >= this.rolloverInterval || currentTime - part.getLastUpdateTime() >= this.inactivityInterval;
  }
}

export class DefaultRollingPolicyBuilder {
  private maxPartSize = 128 * 1024 * 1024;
  private rolloverInterval = 60_000;
  private inactivityInterval = 60_000;

  /** Bytes after which a part rolls. */
  withMaxPartSize(bytes: number): this {
    this.maxPartSize = positive('max part size', bytes);
    return this;
  }

  /** Milliseconds after which an open part rolls. */
  withRolloverInterval(ms: number): this {
    this.rolloverInterval = positive('rollover interval', ms);
    return this;
  }

  /** Milliseconds without a record after which a part rolls. */
  withInactivityInterval(ms: number): this {
    this.inactivityInterval = positive('inactivity interval', ms);
    return this;
  }

  build<IN>(): DefaultRollingPolicy<IN> {
    return DefaultRollingPolicy.of(this.maxPartSize, this.rolloverInterval, this.inactivityInterval);
  }
}

/** Rolls only at checkpoints (Flink's OnCheckpointRollingPolicy). */
export class OnCheckpointRollingPolicy<IN> implements RollingPolicy<IN> {
  static build<IN>(): OnCheckpointRollingPolicy<IN> {
    return new OnCheckpointRollingPolicy();
  }

  shouldRollOnEvent(): boolean {
    return false;
  }

  shouldRollOnProcessingTime(): boolean {
    return false;
  }
}
