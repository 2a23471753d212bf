/**
 * Collects the records of one task output into per-channel batches and hands full batches to
 * the output's ResultPartition (Flink's RecordWriter). Records never travel one by one.
 */
import { BROADCAST_CHANNEL, type ChannelSelector } from './channel-selectors.js';
import { END_OF_PARTITION, EventType, type StopMode, type TaskEvent } from './events.js';
import type { ResultPartition } from './result-partition.js';

/** Records per batch before it is sent. */
export const DEFAULT_BATCH_SIZE = 1024;

export class RecordWriter {
  /** Per channel, a batch allocated at full size (growing it by push costs copies per batch). */
  private readonly buffers: unknown[][];
  private readonly fill: Int32Array;
  numRecordsOut = 0;

  constructor(
    private readonly select: ChannelSelector,
    protected readonly partition: ResultPartition,
    /** Channels this producer is connected to. */
    protected readonly channels: readonly number[],
    private readonly batchSize = DEFAULT_BATCH_SIZE,
  ) {
    const n = partition.numberOfChannels;
    this.buffers = Array.from({ length: n }, () => new Array<unknown>(batchSize));
    this.fill = new Int32Array(n);
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

  /** Sends every non-empty batch (buffer timeout, and before an event). */
  flushAll(): void {
    for (const c of this.channels) this.flush(c);
  }

  /**
   * Sends `event` on every connected channel behind the records collected so far (they are
   * flushed first), as Flink's RecordWriter.broadcastEvent.
   */
  broadcastEvent(event: TaskEvent): void {
    this.flushAll();
    for (const c of this.channels) this.partition.emitEvent(c, event);
  }

  /** Flushes, then signals the end of data (in `stopMode`) and of the partition on every connected channel. */
  finish(stopMode: StopMode): void {
    this.broadcastEvent({ type: EventType.END_OF_DATA, stopMode });
    this.broadcastEvent(END_OF_PARTITION);
  }

  protected append(c: number, record: unknown): void {
    const n = this.fill[c]!;
    this.buffers[c]![n] = record;
    this.fill[c] = n + 1;
    if (n + 1 >= this.batchSize) this.flush(c);
  }

  protected flush(c: number): void {
    const n = this.fill[c]!;
    if (n === 0) return;
    const batch = this.buffers[c]!;
    batch.length = n;
    this.buffers[c] = new Array<unknown>(this.batchSize);
    this.fill[c] = 0;
    this.partition.emitBatch(c, batch);
  }
}
