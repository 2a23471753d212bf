/**
 * The per-key values of a keyed operator's heap state. String keys (the common case, and composite
 * keys in their JSON form) live in an open-addressing table: a lookup reads one slot of a hash
 * array and the key/value pair next to each other, and compares characters only when the hashes
 * match. A V8 Map reads more scattered memory per lookup (bucket, entry, each colliding key's
 * string), which with 50,000 words made the lookup a third of WordCount's time; with many keys
 * that memory is mostly outside the CPU caches. Composite keys (tuples, objects) compare by value
 * through their canonical encoding (src/state/key-encoding.ts); other keys use a Map.
 */
import { containsKeyGroup, type KeyGroupRange } from '../common/key-group-range.js';
import { assignToKeyGroup } from '../common/key-groups.js';
import { decodeCompositeKey, encodeCompositeKey, isCompositeKey } from '../state/index.js';
import { decodeStateColumn, encodeStateColumn, type StateColumn } from './state-column.js';

/**
 * A KeyTable's snapshot: its entries ordered by key group, keys and values in two columns. Key
 * group `keyGroups[i]` (ascending) holds the entries from `ends[i - 1]` (0 for the first) to
 * `ends[i]`, so a restore at another parallelism can take the key groups it owns.
 */
export interface KeyTableSnapshot {
  keyGroups: number[];
  ends: number[];
  keys: StateColumn;
  values: StateColumn;
}

/** Calls `action` with each entry of `snapshot` and its key group, in key group order. */
export function forEachSnapshotEntry(snapshot: KeyTableSnapshot, action: (keyGroup: number, key: unknown, value: unknown) => void): void {
  const keys = decodeStateColumn(snapshot.keys);
  const values = decodeStateColumn(snapshot.values);
  let i = 0;
  snapshot.keyGroups.forEach((keyGroup, g) => {
    for (const end = snapshot.ends[g]!; i < end; i++) action(keyGroup, keys[i], values[i]);
  });
}

/**
 * The entries of `range` in `snapshots` (one operator's, in subtasks of another parallelism, in
 * subtask order, so their key groups ascend) as one snapshot: what a subtask owning `range`
 * restores after a rescale.
 */
export function selectKeyGroups(snapshots: readonly KeyTableSnapshot[], range: KeyGroupRange): KeyTableSnapshot {
  const keyGroups: number[] = [];
  const ends: number[] = [];
  const keys: unknown[] = [];
  const values: unknown[] = [];
  for (const snapshot of snapshots) {
    forEachSnapshotEntry(snapshot, (keyGroup, key, value) => {
      if (!containsKeyGroup(range, keyGroup)) return;
      if (keyGroups.at(-1) !== keyGroup) {
        keyGroups.push(keyGroup);
        ends.push(0);
      }
      keys.push(key);
      values.push(value);
      ends[ends.length - 1] = keys.length;
    });
  }
  return { keyGroups, ends, keys: encodeStateColumn(keys), values: encodeStateColumn(values) };
}

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
  /** Composite keys by their encoding. */
  private readonly composites = new Map<string, V>();
  /**
   * The key group of the string key in each slot (-1: not known yet), for `keyGroupsOf` key groups,
   * from the first snapshot on: a key never changes group, so it is hashed once, when it arrives,
   * not at every snapshot (where the task stalls).
   */
  private slotKeyGroups?: Int16Array;
  private keyGroupsOf = 0;

  get(key: unknown): V | undefined {
    if (typeof key !== 'string') return isCompositeKey(key) ? this.composites.get(encodeCompositeKey(key)) : this.others.get(key);
    const i = this.slotOf(key, stringHash(key));
    return this.hashes[i] === FREE ? undefined : (this.slots[2 * i + 1] as V);
  }

  set(key: unknown, value: V): void {
    if (typeof key !== 'string') {
      if (isCompositeKey(key)) this.composites.set(encodeCompositeKey(key), value);
      else this.others.set(key, value);
      return;
    }
    const h = stringHash(key);
    const i = this.slotOf(key, h);
    this.slots[2 * i + 1] = value;
    if (this.hashes[i] !== FREE) return;
    this.hashes[i] = h;
    this.slots[2 * i] = key;
    if (this.slotKeyGroups) this.slotKeyGroups[i] = assignToKeyGroup(key, this.keyGroupsOf);
    // At most half full, so probe sequences stay short and always reach a free slot.
    if (++this.stringKeys * 2 > this.hashes.length) this.grow();
  }

  /**
   * Every entry, ordered by its key's key group (of `maxParallelism`) and encoded as columns, so
   * the snapshot keeps nothing that the next record may change.
   */
  snapshot(maxParallelism: number): KeyTableSnapshot {
    const size = this.stringKeys + this.others.size + this.composites.size;
    const keys = new Array<unknown>(size);
    const values = new Array<unknown>(size);
    const groups = new Int32Array(size);
    let n = 0;
    if (!this.slotKeyGroups || this.keyGroupsOf !== maxParallelism) {
      this.slotKeyGroups = new Int16Array(this.hashes.length).fill(-1);
      this.keyGroupsOf = maxParallelism;
    }
    const { hashes, slots, slotKeyGroups } = this;
    for (let i = 0; i < hashes.length; i++) {
      if (hashes[i] === FREE) continue;
      let keyGroup = slotKeyGroups[i]!;
      if (keyGroup < 0) keyGroup = slotKeyGroups[i] = assignToKeyGroup(slots[2 * i], maxParallelism);
      keys[n] = slots[2 * i];
      values[n] = slots[2 * i + 1];
      groups[n++] = keyGroup;
    }
    for (const [key, value] of this.others) {
      keys[n] = key;
      values[n] = value;
      groups[n++] = assignToKeyGroup(key, maxParallelism);
    }
    for (const [encoded, value] of this.composites) {
      const key = decodeCompositeKey(encoded);
      keys[n] = key;
      values[n] = value;
      groups[n++] = assignToKeyGroup(key, maxParallelism);
    }
    // Counting sort by key group: `ends[g]` becomes one past key group g's last entry.
    const ends = new Int32Array(maxParallelism);
    for (let i = 0; i < size; i++) ends[groups[i]!]!++;
    for (let g = 1; g < maxParallelism; g++) ends[g]! += ends[g - 1]!;
    const next = ends.slice();
    const sortedKeys = new Array<unknown>(size);
    const sortedValues = new Array<unknown>(size);
    for (let i = size - 1; i >= 0; i--) {
      const at = --next[groups[i]!]!;
      sortedKeys[at] = keys[i];
      sortedValues[at] = values[i];
    }
    const keyGroups: number[] = [];
    const groupEnds: number[] = [];
    for (let g = 0; g < maxParallelism; g++) {
      if (ends[g] === (g === 0 ? 0 : ends[g - 1])) continue;
      keyGroups.push(g);
      groupEnds.push(ends[g]!);
    }
    return { keyGroups, ends: groupEnds, keys: encodeStateColumn(sortedKeys), values: encodeStateColumn(sortedValues) };
  }

  /** Puts the entries of `snapshot` (into a fresh table). */
  restore(snapshot: KeyTableSnapshot): void {
    forEachSnapshotEntry(snapshot, (_, key, value) => this.set(key, value as V));
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
    const { hashes, slots, slotKeyGroups } = this;
    this.hashes = new Int32Array(hashes.length * 2);
    this.slots = new Array(slots.length * 2);
    if (slotKeyGroups) this.slotKeyGroups = new Int16Array(this.hashes.length).fill(-1);
    const mask = this.hashes.length - 1;
    for (let j = 0; j < hashes.length; j++) {
      const h = hashes[j]!;
      if (h === FREE) continue;
      let i = h & mask;
      while (this.hashes[i] !== FREE) i = (i + 1) & mask;
      this.hashes[i] = h;
      this.slots[2 * i] = slots[2 * j];
      this.slots[2 * i + 1] = slots[2 * j + 1];
      if (slotKeyGroups) this.slotKeyGroups![i] = slotKeyGroups[j]!;
    }
  }
}
