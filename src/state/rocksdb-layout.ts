/**
 * How keyed state lies in RocksDB: one entry per (key group, state, key), the store key being
 * `[key group: u16][state id: u16][the key's canonical encoding]` (big-endian, so a scan in key
 * order visits key groups ascending, and within one each state's entries together, as a
 * KeyedStateSnapshot lists them). The key's encoding is key-encoding.ts's, so keys compare by
 * value exactly as on the heap. Values are msgpack of their snapshot form (keyed-state-snapshot.ts),
 * so a scan yields snapshot entries without converting them.
 */
import { Packr } from 'msgpackr';
import { decodeCompositeKey, encodeCompositeKey } from './key-encoding.js';

const HEADER = 4;

// The options of a state file (task-state-file.ts): objects as records, Maps as msgpack maps read
// back as Maps, Sets kept. Without shared structures every value carries its record definitions.
const packr = new Packr({ mapsAsObjects: false, moreTypes: true });

/** The store key of `key` in state `stateId` of `keyGroup`. */
export function encodeStateKey(keyGroup: number, stateId: number, key: unknown): Buffer {
  // One-element tuple: the canonical encoding covers primitive keys as well as composite ones.
  const encoded = encodeCompositeKey([key]);
  const bytes = Buffer.allocUnsafeSlow(HEADER + Buffer.byteLength(encoded));
  bytes.writeUInt16BE(keyGroup, 0);
  bytes.writeUInt16BE(stateId, 2);
  bytes.write(encoded, HEADER);
  return bytes;
}

/** Points a store key (made by encodeStateKey) at another state, in place. */
export function setStateId(storeKey: Buffer, stateId: number): Buffer {
  storeKey.writeUInt16BE(stateId, 2);
  return storeKey;
}

export function keyGroupOf(storeKey: Buffer): number {
  return storeKey.readUInt16BE(0);
}

export function stateIdOf(storeKey: Buffer): number {
  return storeKey.readUInt16BE(2);
}

/** The key a store key holds, as the key selector returned it (composite keys as plain data). */
export function keyOf(storeKey: Buffer): unknown {
  return (decodeCompositeKey(storeKey.toString('utf8', HEADER)) as unknown[])[0];
}

/** A value in its snapshot form, as stored; a view into a reused buffer, valid until the next call. */
export function packValue(value: unknown): Buffer {
  return packr.pack(value);
}

export function unpackValue(bytes: Buffer): unknown {
  return packr.unpack(bytes);
}
