/**
 * A figure over all completed checkpoints (Flink's StatsSummary): exact count, min, max and
 * average, percentiles over the latest samples.
 */
import { summarize, type StatsSummary } from '../protocol/checkpoint-stats.js';

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
    return { ...summarize(this.window), min: this.min, max: this.max, avg: Math.floor(this.sum / this.count) };
  }
}
