/**
 * How keyed state lies in RocksDB: one entry per (key group, state, key), the store key being
 * `[key group: u16][state id: u16][the key's canonical encoding]` (big-endian, so a scan in key
 * order visits key groups ascending, and within one each state's entries together, as a
 * KeyedStateSnapshot lists them). The key's encoding is key-encoding.ts's, so keys compare by
 * value exactly as on the heap. Values are msgpack of their snapshot form (keyed-state-snapshot.ts),
 * so a scan yields snapshot entries without converting them. A MapState has one entry per map
 * key instead, keyed by the encoding of the pair `[key, map key]`: the encodings are
 * self-delimiting, so every entry of one key's map shares the prefix `[key group][state id]` +
 * `[<key>` and lies together in a scan.
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

/** The store key of map key `userKey` in the map whose store key (made by encodeStateKey) is `storeKey`. */
export function encodeMapEntryKey(storeKey: Buffer, userKey: unknown): Buffer {
  const encoded = encodeCompositeKey([userKey]);
  // storeKey ends with the tuple's ']': the map key goes before it, without its own brackets.
  const prefix = storeKey.length - 1;
  const bytes = Buffer.allocUnsafeSlow(prefix + Buffer.byteLength(encoded) - 1);
  storeKey.copy(bytes, 0, 0, prefix);
  bytes.write(encoded.slice(1), prefix);
  return bytes;
}

/** The prefix every entry of the map whose store key is `storeKey` starts with (a copy). */
export function mapPrefixOf(storeKey: Buffer): Buffer {
  return Buffer.from(storeKey.subarray(0, storeKey.length - 1));
}

/** The key and the map key of a map entry's store key (made by encodeMapEntryKey). */
export function mapEntryOf(entryKey: Buffer): [key: unknown, userKey: unknown] {
  return decodeCompositeKey(entryKey.toString('utf8', HEADER)) as [unknown, unknown];
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
