/**
 * Processing-time callbacks for a task's operators (Flink's ProcessingTimeService). Callbacks
 * run on the task's thread between input batches and source chunks (never during another
 * operator call: the thread runs one thing at a time). A callback that throws fails the task.
 */

/** A registered callback, cancellable until it ran. */
export interface ScheduledCallback {
  cancel(): void;
}

export interface ProcessingTimeService {
  /** The current processing time: ms since the epoch. */
  getCurrentProcessingTime(): number;
  /** Calls `callback` once the processing time reaches `timestamp` (at once if it has). */
  registerTimer(timestamp: number, callback: () => void): ScheduledCallback;
}

/** The wall-clock service of one task; `quiesce` cancels everything when the task ends. */
export class SystemProcessingTimeService implements ProcessingTimeService {
  private readonly pending = new Set<NodeJS.Timeout>();
  private quiesced = false;

  /** `onError` gets what a callback threw: the task fails with it. */
  constructor(private readonly onError: (err: unknown) => void) {}

  getCurrentProcessingTime(): number {
    return Date.now();
  }

  registerTimer(timestamp: number, callback: () => void): ScheduledCallback {
    if (this.quiesced) return { cancel: () => undefined };
    const handle = setTimeout(() => {
      this.pending.delete(handle);
      if (this.quiesced) return;
      try {
        callback();
      } catch (err) {
        this.onError(err);
      }
    }, Math.max(0, timestamp - Date.now()));
    this.pending.add(handle);
    return {
      cancel: () => {
        clearTimeout(handle);
        this.pending.delete(handle);
      },
    };
  }

  /** Cancels every pending callback and ignores later registrations. */
  quiesce(): void {
    this.quiesced = true;
    for (const handle of this.pending) clearTimeout(handle);
    this.pending.clear();
  }
}
