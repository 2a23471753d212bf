/**
 * Flink's DataGeneratorSource: records made by a function of their index, bounded or not,
 * optionally rate limited. The indices are split into contiguous ranges, one per subtask.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { GeneratorFn } from './functions.js';
import type { Source } from './source.js';
import type { SourceSpec } from './stream-graph.js';

/** A limit on how fast a source emits (Flink's RateLimiterStrategy). */
export class RateLimiterStrategy {
  private constructor(readonly recordsPerSecond: number | undefined) {}

  /** At most `recordsPerSecond` records per second over all subtasks (each gets its share). */
  static perSecond(recordsPerSecond: number): RateLimiterStrategy {
    if (!(recordsPerSecond > 0) || !Number.isFinite(recordsPerSecond)) {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, `A rate limit must be a positive number of records per second, got ${recordsPerSecond}.`);
    }
    return new RateLimiterStrategy(recordsPerSecond);
  }

  /** No limit. */
  static noOp(): RateLimiterStrategy {
    return new RateLimiterStrategy(undefined);
  }
}

export class DataGeneratorSource<T> implements Source<T> {
  declare readonly recordType?: T;
  private readonly recordsPerSecond: number | undefined;

  /**
   * `generatorFunction(index)` makes the record of each index in `0..count-1`; `count` may be
   * `Infinity` for an unbounded source. `rateLimit` is records per second over all subtasks
   * (a number or `RateLimiterStrategy.perSecond(n)`).
   */
  constructor(
    private readonly generatorFunction: GeneratorFn<T>,
    private readonly count: number,
    rateLimit?: number | RateLimiterStrategy,
  ) {
    if (count !== Infinity && !(Number.isSafeInteger(count) && count >= 0)) {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, `A DataGeneratorSource needs a count that is a whole number >= 0 or Infinity, got ${count}.`);
    }
    const strategy = typeof rateLimit === 'number' ? RateLimiterStrategy.perSecond(rateLimit) : rateLimit;
    this.recordsPerSecond = strategy?.recordsPerSecond;
  }

  toSourceSpec(): SourceSpec {
    const spec: SourceSpec = { type: 'generator', generator: this.generatorFunction as GeneratorFn<unknown>, count: this.count };
    if (this.recordsPerSecond !== undefined) spec.recordsPerSecond = this.recordsPerSecond;
    return spec;
  }
}
