/**
 * Keyed state (Flink's `org.apache.flink.api.common.state`): per-key values a function keeps
 * across records. A function gets a state from its RuntimeContext with a descriptor, usually in
 * `open()`; every access then refers to the key of the record (or timer) being processed. Keyed
 * state exists only on keyed streams (after `keyBy`). Keys and MapState keys compare by value,
 * so tuples (arrays) and plain objects work as keys.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { ReduceFn } from './functions.js';

/** A single value per key. */
export interface ValueState<T> {
  /** The key's value; the descriptor's default value (or undefined) if it has none. */
  value(): T | undefined;
  /** Sets the key's value; `undefined` or `null` clears it (as `update(null)` in Flink). */
  update(value: T | undefined | null): void;
  clear(): void;
}

/** A list per key. Elements must not be null or undefined. */
export interface ListState<T> {
  /** The key's elements in insertion order (empty when it has none). */
  get(): Iterable<T>;
  add(value: T): void;
  addAll(values: Iterable<T>): void;
  /** Replaces the key's list. */
  update(values: Iterable<T>): void;
  clear(): void;
}

/**
 * A map per key; its keys compare by value. Its iterations have no particular order (as in Flink):
 * insertion order on the `hashmap` backend, the keys' encoded order on `rocksdb`.
 */
export interface MapState<K, V> {
  get(key: K): V | undefined;
  put(key: K, value: V): void;
  /** Puts every entry (a Map, or any iterable of `[key, value]`). */
  putAll(entries: Iterable<readonly [K, V]>): void;
  remove(key: K): void;
  contains(key: K): boolean;
  entries(): Iterable<[K, V]>;
  keys(): Iterable<K>;
  values(): Iterable<V>;
  isEmpty(): boolean;
  clear(): void;
}

/** One value per key that every `add` combines with the reduce function of its descriptor. */
export interface ReducingState<T> {
  /** The combined value, or undefined if nothing was added for the key. */
  get(): T | undefined;
  add(value: T): void;
  clear(): void;
}

/**
 * Keyed state by descriptor (Flink's KeyedStateStore): a RuntimeContext on a keyed stream, and
 * `FunctionInitializationContext.getKeyedStateStore()`.
 */
export interface KeyedStateStore {
  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getMapState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V>;
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
}

/**
 * Operator state (Flink's OperatorStateStore): lists a subtask keeps for its function, not per
 * key, on any stream. A CheckpointedFunction gets them in `initializeState` and fills them in
 * `snapshotState`; they are checkpointed with the subtask and restored after a failure. A list
 * state's elements are meant to be split among subtasks when the parallelism changes, a union
 * list state's to be given whole to each. A state is named by its descriptor (or the name
 * alone); one name holds one kind. Elements must not be null or undefined, and must be plain
 * data (what msgpack writes: objects, arrays, strings, numbers, booleans, dates, bigints).
 */
export interface OperatorStateStore {
  getListState<T>(descriptor: ListStateDescriptor<T> | string): ListState<T>;
  getUnionListState<T>(descriptor: ListStateDescriptor<T> | string): ListState<T>;
}

/** Names a state; one name holds one kind of state per operator. */
export abstract class StateDescriptor {
  constructor(readonly name: string) {
    if (typeof name !== 'string' || name.length === 0) {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, 'A state descriptor needs a non-empty name.');
    }
  }
}

export class ValueStateDescriptor<T> extends StateDescriptor {
  /** `defaultValue` is what `value()` returns for a key without a value. */
  constructor(name: string, readonly defaultValue?: T) {
    super(name);
  }
}

export class ListStateDescriptor<T> extends StateDescriptor {
  /** The element type; exists for the type checker only. */
  declare readonly elementType?: T;
}

export class MapStateDescriptor<K, V> extends StateDescriptor {
  /** The key and value types; exist for the type checker only. */
  declare readonly keyType?: K;
  declare readonly valueType?: V;
}

export class ReducingStateDescriptor<T> extends StateDescriptor {
  /** `reduceFunction` combines the state with each added value: a ReduceFunction or a function. */
  constructor(name: string, readonly reduceFunction: ReduceFn<T>) {
    super(name);
  }
}
