/** Test helpers for operators: a TaskInfo, and a processing-time service the test advances. */
import type { TaskInfo } from '../api/functions.js';
import type { ProcessingTimeService, ScheduledCallback } from './processing-time-service.js';

export const info = (name: string, index = 0, parallelism = 1): TaskInfo => ({
  getJobId: () => 'job',
  getTaskName: () => name,
  getIndexOfThisSubtask: () => index,
  getNumberOfParallelSubtasks: () => parallelism,
  getMaxNumberOfParallelSubtasks: () => 128,
  getAttemptNumber: () => 0,
});

/** A clock the test advances; due callbacks run in time order, as the task's timer thread would. */
export class ManualTime implements ProcessingTimeService {
  now = 1000;
  private pending: { at: number; callback: () => void; cancelled: boolean }[] = [];
  getCurrentProcessingTime(): number {
    return this.now;
  }
  registerTimer(at: number, callback: () => void): ScheduledCallback {
    const entry = { at, callback, cancelled: false };
    this.pending.push(entry);
    return { cancel: () => void (entry.cancelled = true) };
  }
  advanceTo(now: number): void {
    this.now = now;
    for (;;) {
      const due = this.pending.filter((e) => !e.cancelled && e.at <= now).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      this.pending.splice(this.pending.indexOf(due), 1);
      due.callback();
    }
  }
}
