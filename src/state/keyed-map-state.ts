/**
 * MapState over the values of either keyed backend: a map per key, its user keys compared by
 * value. Every change puts the key's map back (see keyed-states.ts).
 */
import type { StateValues } from './state-table.js';
import { ValueKeyedMap } from './value-keyed-map.js';

const NO_ENTRIES: readonly never[] = Object.freeze([]);

/** What a MapState of either backend offers (the API's `MapState`): KeyedMapState's public methods. */
export type MapStateAccess<K, V> = Pick<KeyedMapState<K, V>, keyof KeyedMapState<K, V>>;

/** A MapState holding each key's map as one value (the heap backend's); a key whose map becomes empty holds no state. */
export class KeyedMapState<K, V> implements MapStateAccess<K, V> {
  constructor(private readonly table: StateValues<ValueKeyedMap<K, V>>) {}

  get(key: K): V | undefined {
    return this.table.get()?.get(key);
  }

  put(key: K, value: V): void {
    const map = this.table.get() ?? new ValueKeyedMap<K, V>();
    map.set(key, value);
    this.table.put(map);
  }

  putAll(entries: Iterable<readonly [K, V]>): void {
    let map: ValueKeyedMap<K, V> | undefined;
    for (const [k, v] of entries) (map ??= this.table.get() ?? new ValueKeyedMap<K, V>()).set(k, v);
    if (map !== undefined) this.table.put(map);
  }

  remove(key: K): void {
    const map = this.table.get();
    if (map === undefined) return;
    if (!map.delete(key)) return;
    if (map.size === 0) this.table.remove();
    else this.table.put(map);
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
}
