/** A HeartbeatClock for unit tests: time moves only when the test advances it. */
import type { Cancel, HeartbeatClock } from './heartbeat-clock.js';

interface Scheduled {
  at: number;
  seq: number;
  task: () => void;
}

export class ManualClock implements HeartbeatClock {
  private time = 1_000_000;
  private seq = 0;
  private readonly tasks = new Set<Scheduled>();

  now(): number {
    return this.time;
  }

  schedule(task: () => void, delayMs: number): Cancel {
    const entry = { at: this.time + delayMs, seq: this.seq++, task };
    this.tasks.add(entry);
    return () => this.tasks.delete(entry);
  }

  /** Timers not yet run or cancelled. */
  get pending(): number {
    return this.tasks.size;
  }

  /** Moves time forward by `ms`, running every task that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let next: Scheduled | undefined;
      for (const t of this.tasks) if (t.at <= end && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      if (!next) break;
      this.tasks.delete(next);
      this.time = next.at;
      next.task();
    }
    this.time = end;
  }
}
