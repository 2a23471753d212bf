/**
 * Encoding of events where they leave a worker thread: the `EVENT` kind byte, the event's type
 * byte, then its numeric fields as float64 (little endian) in declaration order. Fixed size per
 * type, no msgpack: events are rare and small.
 */
import { SluiceError, ErrorCode } from '../common/errors.js';
import { BufferKind } from './buffer-kind.js';
import { END_OF_PARTITION, EventType, SnapshotKind, StopMode, type TaskEvent } from './events.js';

const STOP_MODES: ReadonlySet<number> = new Set(Object.values(StopMode));
const SNAPSHOT_KINDS: ReadonlySet<number> = new Set(Object.values(SnapshotKind));

/** Numeric fields of each event type, in wire order. */
const FIELDS: Record<EventType, readonly string[]> = {
  [EventType.END_OF_PARTITION]: [],
  [EventType.CHECKPOINT_BARRIER]: ['checkpointId', 'timestamp', 'kind'],
  [EventType.WATERMARK]: ['timestamp'],
  [EventType.PROBE]: ['seq', 'recordsBefore'],
  [EventType.END_OF_DATA]: ['stopMode'],
};

const HEADER = 2;

/** A fresh buffer (transferable) holding `event`. */
export function encodeEvent(event: TaskEvent): Uint8Array {
  const fields = FIELDS[event.type];
  const bytes = new Uint8Array(HEADER + 8 * fields.length);
  bytes[0] = BufferKind.EVENT;
  bytes[1] = event.type;
  const view = new DataView(bytes.buffer);
  const values = event as unknown as Record<string, number>;
  fields.forEach((field, i) => view.setFloat64(HEADER + 8 * i, values[field]!, true));
  return bytes;
}

/** The event of a buffer written by `encodeEvent`; a wrong type or length is a NETWORK_BAD_INPUT error. */
export function decodeEvent(bytes: Uint8Array): TaskEvent {
  const type = bytes[1] as EventType;
  const fields = FIELDS[type];
  if (!fields) throw new SluiceError(ErrorCode.NETWORK_BAD_INPUT, `unknown event type ${String(bytes[1])}`);
  if (bytes.byteLength !== HEADER + 8 * fields.length) throw new SluiceError(ErrorCode.NETWORK_BAD_INPUT, `an event of type ${type} has ${bytes.byteLength} bytes, expected ${HEADER + 8 * fields.length}`);
  if (type === EventType.END_OF_PARTITION) return END_OF_PARTITION;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const event: Record<string, number> = { type };
  fields.forEach((field, i) => (event[field] = view.getFloat64(HEADER + 8 * i, true)));
  if (type === EventType.END_OF_DATA && !STOP_MODES.has(event.stopMode!)) throw new SluiceError(ErrorCode.NETWORK_BAD_INPUT, `an end-of-data event has the unknown stop mode ${event.stopMode}`);
  if (type === EventType.CHECKPOINT_BARRIER && !SNAPSHOT_KINDS.has(event.kind!)) throw new SluiceError(ErrorCode.NETWORK_BAD_INPUT, `a checkpoint barrier has the unknown snapshot kind ${event.kind}`);
  return event as unknown as TaskEvent;
}
