/** A channel to a task in the same worker thread: batches and events are handed over as objects, never encoded. */
import type { TaskEvent } from './events.js';
import type { InputGate } from './input-gate.js';
import type { OutputChannel } from './output-channel.js';

export class LocalOutputChannel implements OutputChannel {
  constructor(
    readonly taskManagerId: string,
    private readonly consumer: InputGate,
    private readonly edge: string,
    /** This producer's subtask index. */
    private readonly from: number,
  ) {}

  sendBatch(records: unknown[]): number {
    this.consumer.receive(this.edge, this.from, records, 0);
    return 0;
  }

  sendEvent(event: TaskEvent): number {
    this.consumer.receive(this.edge, this.from, event, 0);
    return 0;
  }
}
