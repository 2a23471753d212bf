/**
 * Credit-based flow control on the sending side (Flink's credit-based network stack, per batch):
 * each consumer channel starts with INITIAL_CREDIT batches and grants one more each time it has
 * processed a batch. A batch without credit waits in the channel's backlog; while any backlog
 * exists the output is unavailable and the task stops taking input (so backpressure travels
 * upstream and memory stays bounded).
 */
import type { ChannelSender } from './record-writer.js';

/** Batches a consumer channel may have in flight or queued before it must grant more. */
export const INITIAL_CREDIT = 4;

/** The raw transport of one output (in-thread, to another worker, or over TCP). */
export interface ChannelTransport {
  transmit(channel: number, records: unknown[]): void;
  transmitEnd(channel: number): void;
}

/** An end-of-channel marker in a backlog. */
const END: unknown[] = [];

export class CreditBasedSender implements ChannelSender {
  private readonly credits: number[];
  private readonly backlogs: unknown[][][];
  private blockedChannels = 0;
  private readonly flushing: boolean[];

  constructor(private readonly transport: ChannelTransport, numberOfChannels: number, private readonly onAvailable: () => void) {
    this.credits = new Array<number>(numberOfChannels).fill(INITIAL_CREDIT);
    this.backlogs = Array.from({ length: numberOfChannels }, () => []);
    this.flushing = new Array<boolean>(numberOfChannels).fill(false);
  }

  /** Whether every channel can take its next batch right away. */
  get isAvailable(): boolean {
    return this.blockedChannels === 0;
  }

  send(channel: number, records: unknown[]): void {
    const backlog = this.backlogs[channel]!;
    if (backlog.length === 0 && this.credits[channel]! > 0) {
      this.credits[channel]!--;
      this.transport.transmit(channel, records);
      return;
    }
    if (backlog.length === 0) this.blockedChannels++;
    backlog.push(records);
  }

  end(channel: number): void {
    const backlog = this.backlogs[channel]!;
    if (backlog.length === 0) this.transport.transmitEnd(channel);
    else backlog.push(END);
  }

  /** The consumer of `channel` processed `n` batches: send what waits, maybe become available. */
  addCredit(channel: number, n: number): void {
    const backlog = this.backlogs[channel];
    if (!backlog) return;
    this.credits[channel]! += n;
    // A consumer in the same thread may grant credit from inside transmit(): the loop below
    // already runs for this channel and will use it.
    if (backlog.length === 0 || this.flushing[channel]) return;
    this.flushing[channel] = true;
    try {
      while (backlog.length > 0) {
        const next = backlog[0]!;
        if (next !== END && this.credits[channel]! === 0) break;
        backlog.shift();
        if (next === END) {
          this.transport.transmitEnd(channel);
        } else {
          this.credits[channel]!--;
          this.transport.transmit(channel, next);
        }
      }
    } finally {
      this.flushing[channel] = false;
    }
    if (backlog.length === 0 && --this.blockedChannels === 0) this.onAvailable();
  }
}
