/**
 * The input of one task attempt (Flink's SingleInputGate, over all its edges): the only place
 * that buffers input, from input that arrives before the task exists (its worker may still be
 * loading the job package, or not have been told to deploy it yet) to batches that wait while
 * the task is back pressured. It hands buffers to the task in arrival order, which is each
 * channel's order, tracks which channels are still open, and refuses input that no channel of
 * the task can carry. For aligned checkpoints it can block channels: their buffers are set
 * aside, in order, until they are unblocked.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import { EventType, isRecordBatch, type ChannelPayload, type ProbeEvent } from './events.js';
import type { InputChannel } from './input-channel.js';
import type { Inbound } from './task-messages.js';

/** A buffer taken from the gate: a record batch or an event (barrier, watermark) of `channel`. */
export interface InputBuffer {
  channel: InputChannel;
  payload: ChannelPayload;
  /** Its encoded size (0: it never left its thread). */
  bytes: number;
}

/** Input that reached the gate before the task's channels were known. */
interface EarlyInput {
  edge: string;
  from: number;
  payload: ChannelPayload;
  bytes: number;
  origin?: Inbound;
}

/** The task reading a gate. */
export interface InputGateListener {
  /** A buffer was queued (maybe the end of the last channel). */
  onInputAvailable(): void;
  /** The gate cannot go on: a probe mismatch, or the TaskManager of one of its channels is gone. */
  onInputError(err: SluiceError): void;
}

export class InputGate {
  /** Per edge key, the channels by producer index (undefined: that producer is not connected). */
  private readonly edges = new Map<string, (InputChannel | undefined)[]>();
  private early: EarlyInput[] | undefined = [];
  private queue: (InputBuffer | undefined)[] = [];
  private queueHead = 0;
  /** Buffers of blocked channels taken off the queue, in arrival order (empty unless a checkpoint aligns). */
  private held: InputBuffer[] = [];
  private openChannels = 0;
  private listener?: InputGateListener;
  private failure?: SluiceError;
  private aborted = false;
  private probeInterval = 0;
  /** Encoded bytes of the buffers that reached this worker thread for the task. */
  numBytesIn = 0;

  constructor(
    readonly jobId: string,
    /** The consuming attempt, for messages. */
    readonly attemptId: string,
    /** Reports input no channel can take; the message is dropped. */
    private readonly reportBadInput: (reason: string, origin: Inbound | undefined) => void,
  ) {}

  /** Whether the task's channels are known (`setUp` ran). */
  get isSetUp(): boolean {
    return this.early === undefined;
  }

  /** The attempt was cancelled or ended without finishing: input is dropped, and a task not started yet must not start. */
  get isAborted(): boolean {
    return this.aborted;
  }

  /** Every channel has ended and its end has been taken. */
  get isFinished(): boolean {
    return this.isSetUp && this.openChannels === 0;
  }

  /** Whether buffers wait to be taken (buffers of blocked channels may be among them). */
  get hasQueuedInput(): boolean {
    return this.queueHead < this.queue.length;
  }

  /** Channels whose end of partition has not been taken yet. */
  get numberOfOpenChannels(): number {
    return this.openChannels;
  }

  get numberOfChannels(): number {
    let n = 0;
    for (const channels of this.edges.values()) for (const c of channels) if (c) n++;
    return n;
  }

  /** All channels, for reports. */
  channels(): InputChannel[] {
    return [...this.edges.values()].flatMap((cs) => cs.filter((c): c is InputChannel => c !== undefined));
  }

  /**
   * Declares the task's channels (`edges` by edge key) and checks the input that came before.
   * With `probeInterval` > 0 every channel must carry a probe after each `probeInterval` records.
   */
  setUp(edges: Map<string, (InputChannel | undefined)[]>, probeInterval = 0): void {
    this.probeInterval = probeInterval;
    for (const [edge, channels] of edges) {
      this.edges.set(edge, channels);
      for (const c of channels) if (c) this.openChannels++;
    }
    const early = this.early ?? [];
    this.early = undefined;
    for (const e of early) this.receive(e.edge, e.from, e.payload, e.bytes, e.origin);
  }

  /** The task starts reading: it hears of buffers already queued and of a failure already known. */
  attach(listener: InputGateListener): void {
    this.listener = listener;
    if (this.failure) listener.onInputError(this.failure);
    else if (this.hasQueuedInput) listener.onInputAvailable();
  }

  /** One buffer from producer `from` of edge `edge`; `bytes` is its encoded size (0: it never left its thread). */
  receive(edge: string, from: number, payload: ChannelPayload, bytes: number, origin?: Inbound): void {
    if (this.aborted) return;
    if (this.early) {
      this.early.push({ edge, from, payload, bytes, origin });
      return;
    }
    const channels = this.edges.get(edge);
    const channel = channels?.[from];
    if (!channel) {
      const reason = !channels ? `no input edge ${edge}` : `producer ${from} is not connected to edge ${edge}`;
      return this.reportBadInput(`Task ${this.attemptId} has ${reason}`, origin);
    }
    if (channel.endReceived) return this.reportBadInput(`Input for task ${this.attemptId} from producer ${from} of edge ${edge} after that channel ended`, origin);
    if (!isRecordBatch(payload) && payload.type === EventType.END_OF_PARTITION) channel.endReceived = true;
    this.numBytesIn += bytes;
    this.queue.push({ channel, payload, bytes });
    this.listener?.onInputAvailable();
  }

  /**
   * The next record batch or event for the task, in arrival order; undefined when nothing waits
   * but buffers of blocked channels. Probes are checked here (a probe out of place throws
   * NETWORK_PROBE_MISMATCH); an end of partition closes its channel before it is returned, so
   * the task sees batches, barriers, watermarks and ends of partition.
   */
  pollNext(): InputBuffer | undefined {
    while (this.hasQueuedInput) {
      const buffer = this.queue[this.queueHead]!;
      this.queue[this.queueHead++] = undefined;
      if (this.queueHead === this.queue.length) {
        this.queue.length = 0;
        this.queueHead = 0;
      }
      const { channel, payload } = buffer;
      if (channel.blocked) {
        this.held.push(buffer);
        continue;
      }
      if (isRecordBatch(payload)) {
        channel.recordsConsumed += payload.length;
        return buffer;
      }
      if (payload.type === EventType.PROBE) this.verifyProbe(channel, payload);
      else {
        if (payload.type === EventType.END_OF_PARTITION) this.closeChannel(channel);
        return buffer;
      }
    }
    return undefined;
  }

  /**
   * Holds back `channel`'s later buffers (it delivered the barrier of a checkpoint that aligns):
   * they stay unprocessed, so they keep their credit, until `unblockAll`.
   */
  blockChannel(channel: InputChannel): void {
    channel.blocked = true;
  }

  /** Releases every blocked channel: its held buffers come next, in their order, before later input. */
  unblockAll(): void {
    for (const channel of this.channels()) channel.blocked = false;
    if (this.held.length === 0) return;
    this.queue = [...this.held, ...this.queue.slice(this.queueHead)];
    this.queueHead = 0;
    this.held = [];
    this.listener?.onInputAvailable();
  }

  /** Grants producer `producerIndex` of edge `edge` one credit (the task processed one of its batches). */
  returnCredit(edge: string, producerIndex: number): void {
    this.edges.get(edge)?.[producerIndex]?.returnCredit();
  }

  /** Whether a channel not yet ended comes from TaskManager `taskManagerId`. */
  hasOpenChannelFrom(taskManagerId: string): boolean {
    return this.channels().some((c) => !c.ended && c.producer.taskManagerId === taskManagerId);
  }

  /** The task cannot go on (its reader fails with `err`, now or once it attaches). */
  fail(err: SluiceError): void {
    if (this.failure) return;
    this.failure = err;
    this.listener?.onInputError(err);
  }

  /** Drops what is queued and all later input (the attempt was cancelled, failed or is gone). */
  abort(): void {
    this.aborted = true;
    this.early = this.isSetUp ? undefined : [];
    this.queue = [];
    this.queueHead = 0;
    this.held = [];
  }

  private closeChannel(channel: InputChannel): void {
    // With probes on, a probe lost just before the end would otherwise go unnoticed.
    const expected = this.probeInterval > 0 ? Math.floor(channel.recordsConsumed / this.probeInterval) : 0;
    if (channel.probesVerified !== expected) {
      throw this.probeMismatch(channel, `${expected} probes before the end of partition, got ${channel.probesVerified}`);
    }
    channel.ended = true;
    this.openChannels--;
  }

  private verifyProbe(channel: InputChannel, probe: ProbeEvent): void {
    if (probe.seq !== channel.probesVerified || probe.recordsBefore !== channel.recordsConsumed) {
      throw this.probeMismatch(channel, `probe ${channel.probesVerified} after ${channel.recordsConsumed} records, got probe ${probe.seq} after ${probe.recordsBefore}`);
    }
    channel.probesVerified++;
  }

  private probeMismatch(channel: InputChannel, expectedVsGot: string): SluiceError {
    return new SluiceError(ErrorCode.NETWORK_PROBE_MISMATCH, `Probe events out of order on channel ${channel.producerIndex} of edge ${channel.edge} into task ${this.attemptId}: expected ${expectedVsGot}`);
  }
}
