/**
 * The single-value and list states (Flink's ValueState, ListState and ReducingState
 * implementations), over the values of either keyed backend. Each reads and writes the value of
 * the backend's current key, and puts every changed value back: on the heap that re-puts the same
 * object, on disk it writes the new value.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { StateValues } from './state-table.js';

/** One value per key; `value()` is the default value (if any) until `update`. */
export class KeyedValueState<T> {
  constructor(private readonly table: StateValues<T>, private readonly defaultValue: T | undefined) {}

  value(): T | undefined {
    const v = this.table.get();
    return v === undefined ? this.defaultValue : v;
  }

  /** Sets the key's value; `undefined` or `null` clears it, as `update(null)` does in Flink. */
  update(value: T | undefined | null): void {
    if (value === undefined || value === null) this.table.remove();
    else this.table.put(value);
  }

  clear(): void {
    this.table.remove();
  }
}

const EMPTY: readonly never[] = Object.freeze([]);

/** A list per key; `get()` is empty (never undefined) while the key has none. */
export class KeyedListState<T> {
  constructor(private readonly table: StateValues<T[]>) {}

  /** The key's elements in insertion order (on the heap the list itself, on disk a copy). */
  get(): Iterable<T> {
    return this.table.get() ?? EMPTY;
  }

  add(value: T): void {
    checkElement(value);
    const list = this.table.get() ?? [];
    list.push(value);
    this.table.put(list);
  }

  addAll(values: Iterable<T>): void {
    const added = copyElements(values);
    if (added.length === 0) return;
    const list = this.table.get();
    if (list !== undefined) for (const v of added) list.push(v);
    this.table.put(list ?? added);
  }

  /** Replaces the key's list with a copy of `values` (an empty list clears it). */
  update(values: Iterable<T>): void {
    const list = copyElements(values);
    if (list.length === 0) this.table.remove();
    else this.table.put(list);
  }

  clear(): void {
    this.table.remove();
  }
}

/** One value per key, combined with every `add` by a reduce function. */
export class KeyedReducingState<T> {
  constructor(private readonly table: StateValues<T>, private readonly reduce: (a: T, b: T) => T) {}

  get(): T | undefined {
    return this.table.get();
  }

  add(value: T): void {
    checkElement(value);
    const current = this.table.get();
    this.table.put(current === undefined ? value : this.reduce(current, value));
  }

  clear(): void {
    this.table.remove();
  }
}

/** Copies `values`, checking every element (all or nothing, as Flink's `addAll`). */
export function copyElements<T>(values: Iterable<T>): T[] {
  const list = Array.from(values);
  for (const v of list) checkElement(v);
  return list;
}

/** Flink keeps no null elements in list and reducing state: `undefined` would vanish the same way. */
export function checkElement(value: unknown): void {
  if (value === undefined || value === null) {
    throw SluiceError.user(ErrorCode.INVALID_STATE_ACCESS, `You cannot add ${value} to a ListState or ReducingState.`);
  }
}
