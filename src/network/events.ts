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
  /** The producer emits no more records; `stopMode` tells whether it drained (Flink's EndOfData). */
  END_OF_DATA: 5,
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

export interface EndOfPartitionEvent {
  type: typeof EventType.END_OF_PARTITION;
}

/**
 * What a barrier's snapshot is (Flink's CheckpointOptions' snapshot type): a savepoint is always
 * a full, self-contained snapshot; a checkpoint may be incremental, unless it is a FULL one.
 * The number is the field on the wire.
 */
export const SnapshotKind = {
  CHECKPOINT: 0,
  SAVEPOINT: 1,
  FULL_CHECKPOINT: 2,
} as const;
export type SnapshotKind = (typeof SnapshotKind)[keyof typeof SnapshotKind];

export interface CheckpointBarrier {
  type: typeof EventType.CHECKPOINT_BARRIER;
  checkpointId: number;
  timestamp: number;
  kind: SnapshotKind;
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

/**
 * How a producer's data ended (Flink's StopMode): `DRAIN` at the end of its input or at a
 * stop-with-savepoint with drain, so consumers finish their operators and flush; `NO_DRAIN` at a
 * stop-with-savepoint without drain, so they end without finishing (nothing is emitted past the
 * savepoint). The number is the event's field on the wire.
 */
export const StopMode = {
  DRAIN: 0,
  NO_DRAIN: 1,
} as const;
export type StopMode = (typeof StopMode)[keyof typeof StopMode];

/** Sent on every channel of a task right before its end of partition: its data ended in `stopMode`. */
export interface EndOfDataEvent {
  type: typeof EventType.END_OF_DATA;
  stopMode: StopMode;
}

/** Any event a channel carries between record batches. */
export type TaskEvent = EndOfPartitionEvent | CheckpointBarrier | WatermarkEvent | ProbeEvent | EndOfDataEvent;

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
