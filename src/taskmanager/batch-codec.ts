/** Serialization of record batches where they leave a worker thread (msgpack, one call per batch). */
import { Packr, Unpackr } from 'msgpackr';

const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false });

/** Packs a batch into a fresh buffer that can be transferred to another thread. */
export function encodeBatch(records: unknown[]): Uint8Array {
  // msgpackr returns a view into a reused buffer: copy so the bytes can be transferred.
  return new Uint8Array(packr.pack(records));
}

export function decodeBatch(bytes: Uint8Array): unknown[] {
  return unpackr.unpack(bytes) as unknown[];
}
