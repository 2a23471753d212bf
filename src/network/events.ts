/**
 * In-band events (Flink's `AbstractEvent`s on a channel): they travel in the same ordered stream
 * as the record batches of a channel, so each stays exactly where its producer put it.
 */

/** Event type tags; the number is also the event's tag byte on the wire (`event-codec.ts`). */
export const EventType = {
  /** The producer sends nothing more on this channel (Flink's EndOfPartitionEvent). */
  END_OF_PARTITION: 1,
  /** Aligned checkpoint barrier (Flink's CheckpointBarrier). */
  CHECKPOINT_BARRIER: 2,
  /** Event time has reached `timestamp` on this channel. */
  WATERMARK: 3,
  /** Diagnostic: `recordsBefore` records precede it on its channel (`taskmanager.network.probe-interval`). */
  PROBE: 4,
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

export interface EndOfPartitionEvent {
  type: typeof EventType.END_OF_PARTITION;
}

export interface CheckpointBarrier {
  type: typeof EventType.CHECKPOINT_BARRIER;
  checkpointId: number;
  timestamp: number;
}

export interface WatermarkEvent {
  type: typeof EventType.WATERMARK;
  timestamp: number;
}

/** The `seq`-th probe (from 0) of its channel, after `recordsBefore` records on that channel. */
export interface ProbeEvent {
  type: typeof EventType.PROBE;
  seq: number;
  recordsBefore: number;
}

/** Any event a channel carries between record batches. */
export type TaskEvent = EndOfPartitionEvent | CheckpointBarrier | WatermarkEvent | ProbeEvent;

/** The one end-of-partition event (it has no fields, so it can be shared). */
export const END_OF_PARTITION: EndOfPartitionEvent = Object.freeze({ type: EventType.END_OF_PARTITION });

/**
 * What a channel carries: a batch of records (an array) or an event (an object with `type`). One
 * `Array.isArray` per buffer tells them apart, so batches carry no extra field.
 */
export type ChannelPayload = unknown[] | TaskEvent;

/** Whether a payload is a record batch (else it is an event). */
export function isRecordBatch(payload: ChannelPayload): payload is unknown[] {
  return Array.isArray(payload);
}
