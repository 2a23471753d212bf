/**
 * A MapState in RocksDB with one database entry per map key (Flink's RocksDBMapState): reading or
 * changing one map key touches that entry only, so a key's map may be larger than the heap; the
 * iterations scan the key's entries (rocksdb-layout.ts lays them out together) and see the map
 * as it was when they began.
 */
import type { MapStateAccess } from './keyed-map-state.js';
import { encodeMapEntryKey, mapEntryOf, mapPrefixOf, packValue, unpackValue } from './rocksdb-layout.js';
import type { RocksDBStore } from './rocksdb-store.js';

/** The current key's store key in a state (the backend's, see RocksDBKeyedStateBackend.currentStoreKey). */
export type CurrentStoreKey = (stateId: number) => Buffer;

export class RocksDBMapState<K, V> implements MapStateAccess<K, V> {
  constructor(private readonly store: RocksDBStore, private readonly stateId: number, private readonly currentStoreKey: CurrentStoreKey) {}

  get(key: K): V | undefined {
    const bytes = this.store.get(this.entryKey(key));
    return bytes === undefined ? undefined : (unpackValue(bytes) as V);
  }

  put(key: K, value: V): void {
    this.store.put(this.entryKey(key), packValue(value));
  }

  putAll(entries: Iterable<readonly [K, V]>): void {
    for (const [key, value] of entries) this.put(key, value);
  }

  remove(key: K): void {
    this.store.delete(this.entryKey(key));
  }

  contains(key: K): boolean {
    return this.store.get(this.entryKey(key)) !== undefined;
  }

  *entries(): Generator<[K, V]> {
    for (const [entryKey, value] of this.store.entries(this.prefix())) yield [mapEntryOf(entryKey)[1] as K, unpackValue(value) as V];
  }

  *keys(): Generator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): Generator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  isEmpty(): boolean {
    for (const _ of this.store.entries(this.prefix())) return false;
    return true;
  }

  clear(): void {
    const entryKeys = Array.from(this.store.entries(this.prefix()), ([entryKey]) => entryKey);
    this.store.write((batch) => entryKeys.forEach((entryKey) => batch.delete(entryKey)));
  }

  private entryKey(key: K): Buffer {
    return encodeMapEntryKey(this.currentStoreKey(this.stateId), key);
  }

  private prefix(): Buffer {
    return mapPrefixOf(this.currentStoreKey(this.stateId));
  }
}
