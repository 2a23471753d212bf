/**
 * A channel to a task in another worker thread: each buffer is encoded once into a transferable
 * DataMessage and handed to a sink — a MessagePort to the consumer's worker (another slot of this
 * TaskManager), or the TaskManager main thread, which sends it over TCP to the consumer's.
 */
import { encodeEvent } from './event-codec.js';
import type { TaskEvent } from './events.js';
import type { OutputChannel } from './output-channel.js';
import { encodeRecordBatch } from './record-batch-codec.js';
import type { ChannelAddress, TaskMessage } from './task-messages.js';

/** Takes a task message whose bytes (if any) it may transfer. */
export type TaskMessageSink = (msg: TaskMessage) => void;

export class EncodedOutputChannel implements OutputChannel {
  constructor(
    readonly taskManagerId: string,
    private readonly address: ChannelAddress,
    private readonly sink: TaskMessageSink,
  ) {}

  sendBatch(records: unknown[]): number {
    return this.send(encodeRecordBatch(records));
  }

  sendEvent(event: TaskEvent): number {
    return this.send(encodeEvent(event));
  }

  private send(bytes: Uint8Array): number {
    // Read before the sink transfers (detaches) the buffer.
    const size = bytes.byteLength;
    const a = this.address;
    this.sink({ t: 'data', jobId: a.jobId, to: a.to, toAllocation: a.toAllocation, edge: a.edge, from: a.from, bytes });
    return size;
  }
}
