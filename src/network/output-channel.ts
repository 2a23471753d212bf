/** The sending end of one channel of a result partition. */
import type { TaskEvent } from './events.js';

/**
 * Moves a channel's buffers to its consumer: handed over as objects to a task of the same worker
 * thread (`LocalOutputChannel`), or encoded and posted to another worker or TaskManager
 * (`EncodedOutputChannel`). Each returns the encoded size it sent (0 when nothing was encoded),
 * the task's bytes out.
 */
export interface OutputChannel {
  /** The TaskManager the consumer runs on. */
  readonly taskManagerId: string;
  sendBatch(records: unknown[]): number;
  sendEvent(event: TaskEvent): number;
}
