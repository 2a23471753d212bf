/**
 * Serialization of record batches where they leave a worker thread (msgpack, one call per batch).
 * An encoded batch is a network buffer: its first byte is the buffer kind (`RECORD_BATCH`), so a
 * channel can carry events between batches (see `buffer-kind.ts`) without any field on the batch.
 */
import { Packr, Unpackr } from 'msgpackr';
import { BufferKind } from './buffer-kind.js';

const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false });

/** Packs a batch into a fresh buffer (kind byte, then msgpack) that can be transferred to another thread. */
export function encodeRecordBatch(records: unknown[]): Uint8Array {
  // msgpackr returns a view into a reused buffer: copy so the bytes can be transferred.
  const packed = packr.pack(records);
  const bytes = new Uint8Array(packed.byteLength + 1);
  bytes[0] = BufferKind.RECORD_BATCH;
  bytes.set(packed, 1);
  return bytes;
}

/** The records of a buffer written by `encodeRecordBatch`. */
export function decodeRecordBatch(bytes: Uint8Array): unknown[] {
  return unpackr.unpack(bytes.subarray(1)) as unknown[];
}
