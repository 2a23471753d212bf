/**
 * The processing-time timers of one keyed operator (Flink's InternalTimerService, processing
 * time only), exposed to user functions as their TimerService. Timers are kept per key in a
 * KeyedTimerQueue; one wake-up is scheduled for the earliest. When it comes, every due timer
 * fires in timestamp order with its key made current. Restored timers whose time has passed
 * fire at once (as in Flink).
 */
import type { TimerService } from '../api/process-functions.js';
import { KeyedTimerQueue, type AbstractKeyedStateBackend, type TimersSnapshot } from '../state/index.js';
import type { ProcessingTimeService, ScheduledCallback } from './processing-time-service.js';

export class ProcessingTimeTimers implements TimerService {
  private readonly queue: KeyedTimerQueue;
  private wakeUp: ScheduledCallback | undefined;
  private wakeUpAt = Infinity;
  private readonly fireDue = (): void => this.fire();

  /** `onTimer(timestamp)` is called for each due timer, with the timer's key current in `backend`. */
  constructor(
    backend: AbstractKeyedStateBackend,
    private readonly time: ProcessingTimeService,
    private readonly onTimer: (timestamp: number) => void,
  ) {
    this.queue = new KeyedTimerQueue(backend);
  }

  currentProcessingTime(): number {
    return this.time.getCurrentProcessingTime();
  }

  registerProcessingTimeTimer(time: number): void {
    if (this.queue.add(time) && time < this.wakeUpAt) this.schedule(time);
  }

  /** A wake-up scheduled for a deleted timer stays: it finds nothing due and schedules the next. */
  deleteProcessingTimeTimer(time: number): void {
    this.queue.delete(time);
  }

  /** Every pending timer, by key group. */
  snapshot(): TimersSnapshot {
    return this.queue.snapshot();
  }

  /** Registers the timers of `snapshot` (into fresh timers) and schedules the earliest. */
  restore(snapshot: TimersSnapshot): void {
    this.queue.restore(snapshot);
    const next = this.queue.peek();
    if (next !== undefined) this.schedule(next.timestamp);
  }

  /** Drops every pending timer (end of input, close). */
  quiesce(): void {
    this.wakeUp?.cancel();
    this.wakeUp = undefined;
    this.wakeUpAt = Infinity;
    this.queue.clear();
  }

  private schedule(time: number): void {
    this.wakeUp?.cancel();
    this.wakeUpAt = time;
    this.wakeUp = this.time.registerTimer(time, this.fireDue);
  }

  /** Fires every timer due now, including ones `onTimer` registers for times already reached. */
  private fire(): void {
    this.wakeUp = undefined;
    this.wakeUpAt = Infinity;
    const now = this.time.getCurrentProcessingTime();
    for (let timer = this.queue.pollDue(now); timer !== undefined; timer = this.queue.pollDue(now)) this.onTimer(timer.timestamp);
    const next = this.queue.peek();
    if (next !== undefined) this.schedule(next.timestamp);
  }
}
