/**
 * Time for the heartbeat managers: the current time and one-shot timers. Injected so unit tests
 * can move time by hand instead of sleeping.
 */

/** Cancels a scheduled task; calling it after the task ran, or twice, does nothing. */
export type Cancel = () => void;

export interface HeartbeatClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `task` once after `delayMs`. */
  schedule(task: () => void, delayMs: number): Cancel;
}

/** Wall-clock time and unref'd timers: a pending heartbeat timer never keeps a process alive. */
export const systemClock: HeartbeatClock = {
  now: () => Date.now(),
  schedule(task, delayMs) {
    const timer = setTimeout(task, delayMs);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
