/**
 * A task's output on one edge (Flink's ResultPartition): per consumer channel, a subpartition
 * queue with credit. Credit-based flow control is per batch, as Flink's credit-based network stack
 * is per buffer: each channel starts with INITIAL_CREDIT batches and its consumer grants one more
 * each time it has processed a batch. A batch without credit waits in the channel's backlog;
 * while any channel has a backlog the partition is unavailable and the task stops taking input, so
 * back pressure travels upstream and memory stays bounded. Events need no credit but keep their
 * place: one queued behind a batch leaves right after it.
 */
import { EventType, isRecordBatch, type ChannelPayload, type TaskEvent } from './events.js';
import type { OutputChannel } from './output-channel.js';

/** Batches a consumer channel may have in flight or queued before it must grant more. */
export const INITIAL_CREDIT = 4;

export class ResultPartition {
  private readonly credits: Int32Array;
  private readonly backlogs: ChannelPayload[][];
  private readonly flushing: boolean[];
  /** Channels whose end of partition has been queued or sent. */
  private readonly finished: boolean[];
  private blockedChannels = 0;
  private onAvailable: () => void = () => undefined;
  /** Encoded bytes of the buffers that left this worker thread. */
  numBytesOut = 0;

  /** `channels[i]` sends to consumer subtask `i`; undefined where this producer is not connected. */
  constructor(private readonly channels: readonly (OutputChannel | undefined)[]) {
    const n = channels.length;
    this.credits = new Int32Array(n).fill(INITIAL_CREDIT);
    this.backlogs = Array.from({ length: n }, () => []);
    this.flushing = new Array<boolean>(n).fill(false);
    this.finished = new Array<boolean>(n).fill(false);
  }

  get numberOfChannels(): number {
    return this.channels.length;
  }

  /** Whether every channel can take its next batch right away. */
  get isAvailable(): boolean {
    return this.blockedChannels === 0;
  }

  /** Called each time the partition becomes available again (after credit released every backlog). */
  setAvailabilityListener(listener: () => void): void {
    this.onAvailable = listener;
  }

  emitBatch(channel: number, records: unknown[]): void {
    const backlog = this.backlogs[channel]!;
    if (backlog.length === 0 && this.credits[channel]! > 0) {
      this.credits[channel]!--;
      this.numBytesOut += this.channels[channel]!.sendBatch(records);
      return;
    }
    if (backlog.length === 0) this.blockedChannels++;
    backlog.push(records);
  }

  /** Sends `event` on `channel` behind what waits there (the caller flushed its records first). */
  emitEvent(channel: number, event: TaskEvent): void {
    if (event.type === EventType.END_OF_PARTITION) this.finished[channel] = true;
    const backlog = this.backlogs[channel]!;
    if (backlog.length === 0) this.numBytesOut += this.channels[channel]!.sendEvent(event);
    else backlog.push(event);
  }

  /** Whether any connected channel that has not ended leads to TaskManager `taskManagerId`. */
  hasOpenChannelTo(taskManagerId: string): boolean {
    return this.channels.some((c, i) => c?.taskManagerId === taskManagerId && !this.finished[i]);
  }

  /** The consumer of `channel` processed `n` batches: send what waits, maybe become available. */
  addCredit(channel: number, n: number): void {
    const backlog = this.backlogs[channel];
    if (!backlog) return;
    this.credits[channel]! += n;
    // A consumer in the same thread may grant credit from inside sendBatch(): the loop below
    // already runs for this channel and will use it.
    if (backlog.length === 0 || this.flushing[channel]) return;
    this.flushing[channel] = true;
    const out = this.channels[channel]!;
    try {
      while (backlog.length > 0) {
        const next = backlog[0]!;
        const batch = isRecordBatch(next);
        if (batch && this.credits[channel]! === 0) break;
        backlog.shift();
        if (batch) {
          this.credits[channel]!--;
          this.numBytesOut += out.sendBatch(next);
        } else {
          this.numBytesOut += out.sendEvent(next);
        }
      }
    } finally {
      this.flushing[channel] = false;
    }
    if (backlog.length === 0 && --this.blockedChannels === 0) this.onAvailable();
  }
}
