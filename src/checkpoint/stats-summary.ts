/** min/max/avg and percentiles of a figure over the latest samples (Flink's StatsSummary). */
import type { StatsSummary } from '../protocol/checkpoint-stats.js';

/** Samples kept for the percentiles, as Flink's histogram window. */
const WINDOW = 10_000;

export class StatsSummaryTracker {
  private readonly window: number[] = [];
  private count = 0;
  private sum = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;

  add(value: number): void {
    this.count++;
    this.sum += value;
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
    if (this.window.length === WINDOW) this.window.shift();
    this.window.push(value);
  }

  /** Undefined before the first sample. */
  summary(): StatsSummary | undefined {
    if (this.count === 0) return undefined;
    const sorted = [...this.window].sort((a, b) => a - b);
    const quantile = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
    return {
      // Flink divides longs: the average is a whole number.
      min: this.min, max: this.max, avg: Math.floor(this.sum / this.count),
      p50: quantile(0.5), p90: quantile(0.9), p95: quantile(0.95), p99: quantile(0.99), p999: quantile(0.999),
    };
  }
}
