/**
 * The values of one keyed state, one per key, held per key group so that a key group's state
 * can be snapshotted and moved to another subtask as a unit (design.md §5).
 */
import { ErrorCode, SluiceError } from '../common/errors.js';

/**
 * Where the current key lives, as the backend resolved it once per record: `slot` indexes the
 * key's map in every table (two per key group: primitive keys, then encoded composite keys, so a
 * string key can never meet the encoding of a tuple) and `id` is the key within that map.
 */
export interface KeyContext {
  /** The key as the key selector returned it (for `getCurrentKey()`). */
  readonly key: unknown;
  /** -1 while no key is set. */
  readonly slot: number;
  readonly id: unknown;
}

/**
 * One state's values as the states (keyed-states.ts) use them: the value of the backend's current
 * key. A value read may be the stored object (heap) or a copy (disk): whoever changes it puts it back.
 */
export interface StateValues<V> {
  get(): V | undefined;
  put(value: V): void;
  remove(): void;
}

/** One state's values on the heap, read and written for the backend's current key. */
export class StateTable<V> implements StateValues<V> {
  private readonly maps: (Map<unknown, V> | undefined)[];

  constructor(private readonly current: KeyContext, numberOfSlots: number) {
    this.maps = new Array<Map<unknown, V> | undefined>(numberOfSlots);
  }

  get(): V | undefined {
    return this.maps[slotOf(this.current)]?.get(this.current.id);
  }

  put(value: V): void {
    const slot = slotOf(this.current);
    let map = this.maps[slot];
    if (map === undefined) this.maps[slot] = map = new Map();
    map.set(this.current.id, value);
  }

  remove(): void {
    this.maps[slotOf(this.current)]?.delete(this.current.id);
  }

  /** The values of one slot by key id (for snapshots; not to be modified). */
  slotEntries(slot: number): Iterable<[unknown, V]> {
    return this.maps[slot]?.entries() ?? NO_ENTRIES;
  }

  /** Puts a restored value for key `id` of `slot`, whichever key is current. */
  restore(slot: number, id: unknown, value: V): void {
    let map = this.maps[slot];
    if (map === undefined) this.maps[slot] = map = new Map();
    map.set(id, value);
  }

  /** Removes key `id` of `slot` (a restored deletion), whichever key is current. */
  discard(slot: number, id: unknown): void {
    this.maps[slot]?.delete(id);
  }
}

const NO_ENTRIES: readonly never[] = Object.freeze([]);

/** The current key's slot; throws while no key is set. */
export function slotOf(current: KeyContext): number {
  const slot = current.slot;
  if (slot < 0) {
    throw SluiceError.user(
      ErrorCode.INVALID_STATE_ACCESS,
      'No key set: keyed state is only available while a record or timer of a keyed stream is processed (not in open() or close()).',
    );
  }
  return slot;
}
