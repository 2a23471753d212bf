/**
 * The encoding of collect-sink batches (`CollectResults.batches`): a plain msgpack array with
 * records off, so that any reader (the mini cluster, a remote client) can decode it.
 */
import { Packr, Unpackr } from 'msgpackr';

const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false });

/** Packs a batch of results into a fresh buffer that can be transferred to another thread. */
export function encodeCollectBatch(records: unknown[]): Uint8Array {
  // msgpackr returns a view into a reused buffer: copy so the bytes can be transferred.
  return new Uint8Array(packr.pack(records));
}

export function decodeCollectBatch(bytes: Uint8Array): unknown[] {
  return unpackr.unpack(bytes) as unknown[];
}
