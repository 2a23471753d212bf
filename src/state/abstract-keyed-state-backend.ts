/**
 * What every keyed state backend of one keyed operator subtask shares (Flink's
 * AbstractKeyedStateBackend): the current key, resolved once per record to its key group, slot
 * and id (see KeyContext), and the named states over the values a concrete backend stores. The
 * operator sets the key before each record and timer; every state access then refers to that key.
 * `snapshot` writes the states per key group in one format for every backend
 * (keyed-state-snapshot.ts), so a snapshot of one backend restores into another.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import { assignToKeyGroup } from '../common/key-groups.js';
import { encodeCompositeKey, isCompositeKey } from './key-encoding.js';
import type { KeyGroupRange } from '../common/key-group-range.js';
import { KeyedMapState } from './keyed-map-state.js';
import type { KeyedStateSnapshot, StateKind } from './keyed-state-snapshot.js';
import { KeyedListState, KeyedReducingState, KeyedValueState } from './keyed-states.js';
import { StateTable, type KeyContext, type StateValues } from './state-table.js';
import type { ValueKeyedMap } from './value-keyed-map.js';

/** A named state: its values, and the state object once a function asked for it. */
export interface RegisteredState<T> {
  kind: StateKind;
  values: T;
  state?: unknown;
}

export abstract class AbstractKeyedStateBackend<T extends StateValues<unknown> = StateValues<unknown>> implements KeyContext {
  private currentSlot = -1;
  private currentId: unknown = undefined;
  private currentKey: unknown = undefined;
  /** By name, in registration order (which snapshots keep). */
  protected readonly states = new Map<string, RegisteredState<T>>();
  private readonly numberOfSlots: number;

  /** A backend for the keys whose key group (of `maxParallelism`) lies in `keyGroupRange`. */
  constructor(protected readonly maxParallelism: number, protected readonly keyGroupRange: KeyGroupRange) {
    this.numberOfSlots = Math.max(0, keyGroupRange.end - keyGroupRange.start + 1) * 2;
  }

  /** Every state's entries per key group (Flink's snapshot of a keyed backend), taken between two records. */
  abstract snapshot(): KeyedStateSnapshot;

  /**
   * Fills this fresh backend from `snapshot`. Key groups outside this backend's range are skipped:
   * after a rescale they belong to another subtask.
   */
  abstract restore(snapshot: KeyedStateSnapshot): void;

  /** Releases what the backend holds outside the JS heap (its files); it is unusable afterwards. */
  abstract dispose(): Promise<void>;

  /** The store of a new state's values. */
  protected abstract createValues(kind: StateKind): T;

  /**
   * Makes `key` current. Throws for a null/undefined key, and for a key of a key group this
   * subtask does not own (the record was routed by a different key: a non-deterministic key selector).
   */
  setCurrentKey(key: unknown): void {
    if (key === undefined || key === null) {
      throw SluiceError.user(ErrorCode.INVALID_STATE_ACCESS, `The key selector returned ${key}; keys of a keyed stream must not be null or undefined.`);
    }
    const keyGroup = assignToKeyGroup(key, this.maxParallelism);
    const { start, end } = this.keyGroupRange;
    if (!this.ownsKeyGroup(keyGroup)) {
      throw SluiceError.user(
        ErrorCode.INVALID_STATE_ACCESS,
        `Key group ${keyGroup} is not in KeyGroupRange{startKeyGroup=${start}, endKeyGroup=${end}}. ` +
          'This is most likely caused by a non-deterministic key selector (one that returns different keys for the same record, or keys that change).',
      );
    }
    if (isCompositeKey(key)) {
      this.currentId = encodeCompositeKey(key);
      this.currentSlot = (keyGroup - start) * 2 + 1;
    } else {
      this.currentId = key;
      this.currentSlot = (keyGroup - start) * 2;
    }
    this.currentKey = key;
  }

  /** Whether this backend holds the keys of `keyGroup`. */
  ownsKeyGroup(keyGroup: number): boolean {
    return keyGroup >= this.keyGroupRange.start && keyGroup <= this.keyGroupRange.end;
  }

  /** The key group of a slot (see KeyContext), e.g. of a timer's key. */
  keyGroupOfSlot(slot: number): number {
    return this.keyGroupRange.start + (slot >> 1);
  }

  getCurrentKey(): unknown {
    return this.currentKey;
  }

  /** The current key's slot and id (see KeyContext): state values read them on every access. */
  get slot(): number {
    return this.currentSlot;
  }

  get id(): unknown {
    return this.currentId;
  }

  get key(): unknown {
    return this.currentKey;
  }

  /** Makes a key current again as it was resolved before (a timer's key), without resolving it anew. */
  setCurrentKeyContext(context: KeyContext): void {
    this.currentKey = context.key;
    this.currentSlot = context.slot;
    this.currentId = context.id;
  }

  /** A heap table of per-key values, for state the runtime keeps itself (e.g. timer indexes), whichever backend. */
  createTable<V>(): StateTable<V> {
    return new StateTable<V>(this, this.numberOfSlots);
  }

  getValueState<V>(name: string, defaultValue: V | undefined): KeyedValueState<V> {
    return this.register(name, 'ValueState', (values: StateValues<V>) => new KeyedValueState<V>(values, defaultValue));
  }

  getListState<V>(name: string): KeyedListState<V> {
    return this.register(name, 'ListState', (values: StateValues<V[]>) => new KeyedListState<V>(values));
  }

  getMapState<K, V>(name: string): KeyedMapState<K, V> {
    return this.register(name, 'MapState', (values: StateValues<ValueKeyedMap<K, V>>) => new KeyedMapState<K, V>(values));
  }

  getReducingState<V>(name: string, reduce: (a: V, b: V) => V): KeyedReducingState<V> {
    return this.register(name, 'ReducingState', (values: StateValues<V>) => new KeyedReducingState<V>(values, reduce));
  }

  /** Registers a state restored before its function asks for it (its kind comes from the snapshot). */
  protected registerRestored(name: string, kind: StateKind): RegisteredState<T> {
    let registered = this.states.get(name);
    if (registered === undefined) this.states.set(name, (registered = { kind, values: this.createValues(kind) }));
    return registered;
  }

  /**
   * The state registered under `name`, created on first use (over its restored values, if any);
   * one name holds one kind of state.
   */
  private register<S, V>(name: string, kind: StateKind, create: (values: StateValues<V>) => S): S {
    const registered = this.registerRestored(name, kind);
    if (registered.kind !== kind) {
      throw SluiceError.user(ErrorCode.INVALID_STATE_ACCESS, `State '${name}' is a ${registered.kind} and cannot be used as a ${kind}.`);
    }
    return (registered.state ??= create(registered.values as unknown as StateValues<V>)) as S;
  }
}
