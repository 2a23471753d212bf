/**
 * Limits how fast a source subtask emits (Flink's GuavaRateLimiter, a smooth bursty limiter):
 * record k may go out k/perSecond seconds after the first, and at most one second of unused
 * allowance is saved up while the source was held back (e.g. by backpressure).
 */
export class RateLimiter {
  private start = -1;
  private granted = 0;
  private readonly maxSaved: number;

  /** `now` is a monotonic clock in ms (injectable for tests). */
  constructor(private readonly perSecond: number, private readonly now: () => number = () => performance.now()) {
    this.maxSaved = Math.max(1, Math.ceil(perSecond));
  }

  /** How many records, at most `max`, may be emitted now; they count as emitted. */
  take(max: number): number {
    const now = this.now();
    if (this.start < 0) this.start = now;
    const allowed = Math.floor(((now - this.start) * this.perSecond) / 1000) + 1;
    if (allowed - this.granted > this.maxSaved) this.granted = allowed - this.maxSaved;
    const n = Math.max(0, Math.min(max, allowed - this.granted));
    this.granted += n;
    return n;
  }

  /** Ms until `take` grants the next record. */
  delayMs(): number {
    return this.start < 0 ? 0 : Math.max(0, (this.granted * 1000) / this.perSecond - (this.now() - this.start));
  }
}
