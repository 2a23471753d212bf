/**
 * Collects the records of one task output into per-channel batches and hands full batches to
 * a ChannelSender. Records never travel one by one.
 */
import { BROADCAST_CHANNEL, type ChannelSelector } from './channel-selectors.js';
import type { Output } from './stream-operator.js';

/** Moves batches of one output to its consumers (in-thread, to another worker, or over TCP). */
export interface ChannelSender {
  send(channel: number, records: unknown[]): void;
  /** No more records on this channel. */
  end(channel: number): void;
}

/** Records per batch before it is sent. */
export const DEFAULT_BATCH_SIZE = 1024;

export class RecordWriter implements Output {
  /** Per channel, a batch allocated at full size (growing it by push costs copies per batch). */
  private readonly buffers: unknown[][];
  private readonly fill: Int32Array;
  numRecordsOut = 0;

  constructor(
    private readonly select: ChannelSelector,
    private readonly sender: ChannelSender,
    /** Channels this producer is connected to. */
    private readonly channels: readonly number[],
    numberOfChannels: number,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
  ) {
    this.buffers = Array.from({ length: numberOfChannels }, () => new Array<unknown>(batchSize));
    this.fill = new Int32Array(numberOfChannels);
  }

  collect(record: unknown): void {
    this.numRecordsOut++;
    const c = this.select(record);
    if (c === BROADCAST_CHANNEL) {
      for (const ch of this.channels) this.append(ch, record);
    } else {
      this.append(c, record);
    }
  }

  /** Sends every non-empty batch (buffer timeout, and before end of input). */
  flushAll(): void {
    for (const c of this.channels) this.flush(c);
  }

  /** Flushes and signals end of partition on every connected channel. */
  finish(): void {
    this.flushAll();
    for (const c of this.channels) this.sender.end(c);
  }

  private append(c: number, record: unknown): void {
    const n = this.fill[c]!;
    this.buffers[c]![n] = record;
    this.fill[c] = n + 1;
    if (n + 1 >= this.batchSize) this.flush(c);
  }

  private flush(c: number): void {
    const n = this.fill[c]!;
    if (n === 0) return;
    const batch = this.buffers[c]!;
    batch.length = n;
    this.buffers[c] = new Array<unknown>(this.batchSize);
    this.fill[c] = 0;
    this.sender.send(c, batch);
  }
}

/** Fans one operator's output out to several outputs (chained successors and writers). */
export class BroadcastingOutput implements Output {
  constructor(private readonly outputs: readonly Output[]) {}
  collect(record: unknown): void {
    for (const o of this.outputs) o.collect(record);
  }
}
