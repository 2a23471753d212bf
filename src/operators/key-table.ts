/**
 * The per-key values of a keyed operator's heap state. String keys (the common case, and composite
 * keys in their JSON form) live in an open-addressing table: a lookup reads one slot of a hash
 * array and the key/value pair next to each other, and compares characters only when the hashes
 * match. A V8 Map reads more scattered memory per lookup (bucket, entry, each colliding key's
 * string), which with 50,000 words made the lookup a third of WordCount's time; with many keys
 * that memory is mostly outside the CPU caches. Other keys use a Map.
 */

/** Slots when the first string key arrives; always a power of two. */
const INITIAL_CAPACITY = 64;
/** Marks a free slot in `hashes`; a key whose hash is 0 is stored with FREE_REPLACEMENT. */
const FREE = 0;
const FREE_REPLACEMENT = 1;

/** FNV-1a over the UTF-16 code units, never FREE. */
function stringHash(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h === FREE ? FREE_REPLACEMENT : h;
}

export class KeyTable<V> {
  private hashes = new Int32Array(INITIAL_CAPACITY);
  /** The key of slot i at 2i, its value at 2i+1. */
  private slots: unknown[] = new Array(2 * INITIAL_CAPACITY);
  private stringKeys = 0;
  private readonly others = new Map<unknown, V>();

  get(key: unknown): V | undefined {
    if (typeof key !== 'string') return this.others.get(key);
    const i = this.slotOf(key, stringHash(key));
    return this.hashes[i] === FREE ? undefined : (this.slots[2 * i + 1] as V);
  }

  set(key: unknown, value: V): void {
    if (typeof key !== 'string') {
      this.others.set(key, value);
      return;
    }
    const h = stringHash(key);
    const i = this.slotOf(key, h);
    this.slots[2 * i + 1] = value;
    if (this.hashes[i] !== FREE) return;
    this.hashes[i] = h;
    this.slots[2 * i] = key;
    // At most half full, so probe sequences stay short and always reach a free slot.
    if (++this.stringKeys * 2 > this.hashes.length) this.grow();
  }

  /** The slot holding `key`, or the free slot where it belongs (linear probing). */
  private slotOf(key: string, h: number): number {
    const hashes = this.hashes;
    const mask = hashes.length - 1;
    let i = h & mask;
    for (let stored = hashes[i]!; stored !== FREE; stored = hashes[i]!) {
      if (stored === h && this.slots[2 * i] === key) return i;
      i = (i + 1) & mask;
    }
    return i;
  }

  private grow(): void {
    const { hashes, slots } = this;
    this.hashes = new Int32Array(hashes.length * 2);
    this.slots = new Array(slots.length * 2);
    const mask = this.hashes.length - 1;
    for (let j = 0; j < hashes.length; j++) {
      const h = hashes[j]!;
      if (h === FREE) continue;
      let i = h & mask;
      while (this.hashes[i] !== FREE) i = (i + 1) & mask;
      this.hashes[i] = h;
      this.slots[2 * i] = slots[2 * j];
      this.slots[2 * i + 1] = slots[2 * j + 1];
    }
  }
}
