/**
 * A RecordWriter that also sends a probe event on each channel after every `interval` records of
 * that channel (`taskmanager.network.probe-interval`, a diagnostic). The consumer's InputGate
 * checks each probe's sequence number and record count, so a test can show that events stay in
 * order with the records through every kind of channel. Used only when the option is on, so the
 * plain writer's path stays as it is.
 */
import type { ChannelSelector } from './channel-selectors.js';
import { EventType } from './events.js';
import { RecordWriter } from './record-writer.js';
import type { ResultPartition } from './result-partition.js';

export class ProbingRecordWriter extends RecordWriter {
  /** Records appended per channel. */
  private readonly appended: Float64Array;
  private readonly probesSent: Float64Array;

  constructor(select: ChannelSelector, partition: ResultPartition, channels: readonly number[], private readonly interval: number, batchSize?: number) {
    super(select, partition, channels, batchSize);
    this.appended = new Float64Array(partition.numberOfChannels);
    this.probesSent = new Float64Array(partition.numberOfChannels);
  }

  protected override append(c: number, record: unknown): void {
    super.append(c, record);
    const n = ++this.appended[c]!;
    if (n % this.interval !== 0) return;
    this.flush(c);
    this.partition.emitEvent(c, { type: EventType.PROBE, seq: this.probesSent[c]!++, recordsBefore: n });
  }
}
