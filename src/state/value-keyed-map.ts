/** A Map whose keys compare by value, for MapState's user keys (see key-encoding.ts). */
import { encodeCompositeKey, isCompositeKey } from './key-encoding.js';

/**
 * Primitive keys live in one Map as they are; composite keys in another under their encoding,
 * with the original key kept for `keys()` and `entries()`.
 */
export class ValueKeyedMap<K, V> {
  private readonly primitives = new Map<K, V>();
  private readonly composites = new Map<string, [K, V]>();

  get size(): number {
    return this.primitives.size + this.composites.size;
  }

  get(key: K): V | undefined {
    return isCompositeKey(key) ? this.composites.get(encodeCompositeKey(key))?.[1] : this.primitives.get(key);
  }

  has(key: K): boolean {
    return isCompositeKey(key) ? this.composites.has(encodeCompositeKey(key)) : this.primitives.has(key);
  }

  set(key: K, value: V): void {
    if (isCompositeKey(key)) this.composites.set(encodeCompositeKey(key), [key, value]);
    else this.primitives.set(key, value);
  }

  /** Whether `key` was there. */
  delete(key: K): boolean {
    return isCompositeKey(key) ? this.composites.delete(encodeCompositeKey(key)) : this.primitives.delete(key);
  }

  *entries(): IterableIterator<[K, V]> {
    yield* this.primitives.entries();
    for (const entry of this.composites.values()) yield [entry[0], entry[1]];
  }

  *keys(): IterableIterator<K> {
    yield* this.primitives.keys();
    for (const entry of this.composites.values()) yield entry[0];
  }

  *values(): IterableIterator<V> {
    yield* this.primitives.values();
    for (const entry of this.composites.values()) yield entry[1];
  }
}
