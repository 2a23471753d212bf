/** Heap MapState (Flink's HeapMapState): a map per key, its user keys compared by value. */
import type { StateTable } from './state-table.js';
import { ValueKeyedMap } from './value-keyed-map.js';

const NO_ENTRIES: readonly never[] = Object.freeze([]);

/** Matches the API's `MapState`; a key whose map becomes empty holds no state. */
export class HeapMapState<K, V> {
  constructor(private readonly table: StateTable<ValueKeyedMap<K, V>>) {}

  get(key: K): V | undefined {
    return this.table.get()?.get(key);
  }

  put(key: K, value: V): void {
    this.map().set(key, value);
  }

  putAll(entries: Iterable<readonly [K, V]>): void {
    let map: ValueKeyedMap<K, V> | undefined;
    for (const [k, v] of entries) (map ??= this.map()).set(k, v);
  }

  remove(key: K): void {
    const map = this.table.get();
    if (map === undefined) return;
    map.delete(key);
    if (map.size === 0) this.table.remove();
  }

  contains(key: K): boolean {
    return this.table.get()?.has(key) ?? false;
  }

  entries(): Iterable<[K, V]> {
    return this.table.get()?.entries() ?? NO_ENTRIES;
  }

  keys(): Iterable<K> {
    return this.table.get()?.keys() ?? NO_ENTRIES;
  }

  values(): Iterable<V> {
    return this.table.get()?.values() ?? NO_ENTRIES;
  }

  isEmpty(): boolean {
    return this.table.get() === undefined;
  }

  clear(): void {
    this.table.remove();
  }

  /** The key's map, created on first write. */
  private map(): ValueKeyedMap<K, V> {
    let map = this.table.get();
    if (map === undefined) this.table.put((map = new ValueKeyedMap()));
    return map;
  }
}
