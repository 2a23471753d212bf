/**
 * The heap keyed state backend of one keyed operator subtask (Flink's HeapKeyedStateBackend):
 * it holds the operator's named states and the current key. The operator sets the key before
 * each record and timer; every state access then refers to that key.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import { assignToKeyGroup } from '../common/key-groups.js';
import { HeapListState, HeapReducingState, HeapValueState } from './heap-states.js';
import { HeapMapState } from './heap-map-state.js';
import { encodeCompositeKey, isCompositeKey } from './key-encoding.js';
import type { KeyGroupRange } from './key-group-range.js';
import { StateTable, type KeyContext } from './state-table.js';
import type { ValueKeyedMap } from './value-keyed-map.js';

type StateKind = 'ValueState' | 'ListState' | 'MapState' | 'ReducingState';

export class HeapKeyedStateBackend implements KeyContext {
  private currentSlot = -1;
  private currentId: unknown = undefined;
  private currentKey: unknown = undefined;
  private readonly states = new Map<string, { kind: StateKind; state: unknown }>();
  private readonly numberOfSlots: number;

  /** A backend for the keys whose key group (of `maxParallelism`) lies in `keyGroupRange`. */
  constructor(private readonly maxParallelism: number, private readonly keyGroupRange: KeyGroupRange) {
    this.numberOfSlots = Math.max(0, keyGroupRange.end - keyGroupRange.start + 1) * 2;
  }

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
    if (keyGroup < start || keyGroup > end) {
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

  getCurrentKey(): unknown {
    return this.currentKey;
  }

  /** The current key's slot and id (see KeyContext): state tables read them on every access. */
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

  /** A table of per-key values, for state the runtime keeps itself (e.g. timer indexes). */
  createTable<V>(): StateTable<V> {
    return new StateTable<V>(this, this.numberOfSlots);
  }

  getValueState<T>(name: string, defaultValue: T | undefined): HeapValueState<T> {
    return this.register(name, 'ValueState', () => new HeapValueState<T>(this.createTable(), defaultValue));
  }

  getListState<T>(name: string): HeapListState<T> {
    return this.register(name, 'ListState', () => new HeapListState<T>(this.createTable()));
  }

  getMapState<K, V>(name: string): HeapMapState<K, V> {
    return this.register(name, 'MapState', () => new HeapMapState<K, V>(this.createTable<ValueKeyedMap<K, V>>()));
  }

  getReducingState<T>(name: string, reduce: (a: T, b: T) => T): HeapReducingState<T> {
    return this.register(name, 'ReducingState', () => new HeapReducingState<T>(this.createTable(), reduce));
  }

  /** The state registered under `name`, created on first use; one name holds one kind of state. */
  private register<S>(name: string, kind: StateKind, create: () => S): S {
    const existing = this.states.get(name);
    if (existing === undefined) {
      const state = create();
      this.states.set(name, { kind, state });
      return state;
    }
    if (existing.kind !== kind) {
      throw SluiceError.user(ErrorCode.INVALID_STATE_ACCESS, `State '${name}' is a ${existing.kind} and cannot be used as a ${kind}.`);
    }
    return existing.state as S;
  }
}
