/**
 * The heap keyed state backend of one keyed operator subtask (Flink's HeapKeyedStateBackend):
 * it holds the operator's named states and the current key. The operator sets the key before
 * each record and timer; every state access then refers to that key. `snapshot` writes the
 * states per key group (keyed-state-snapshot.ts); `restore` fills a fresh backend from one.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import { assignToKeyGroup } from '../common/key-groups.js';
import { HeapListState, HeapReducingState, HeapValueState } from './heap-states.js';
import { HeapMapState } from './heap-map-state.js';
import { decodeCompositeKey, encodeCompositeKey, isCompositeKey } from './key-encoding.js';
import type { KeyGroupRange } from './key-group-range.js';
import { restoreValue, snapshotValue, type KeyedEntries, type KeyedStateSnapshot, type StateKind } from './keyed-state-snapshot.js';
import { StateTable, type KeyContext } from './state-table.js';
import type { ValueKeyedMap } from './value-keyed-map.js';

/** A named state: its values, and the state object once a function asked for it. */
interface RegisteredState {
  kind: StateKind;
  table: StateTable<unknown>;
  state?: unknown;
}

export class HeapKeyedStateBackend implements KeyContext {
  private currentSlot = -1;
  private currentId: unknown = undefined;
  private currentKey: unknown = undefined;
  private readonly states = new Map<string, RegisteredState>();
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

  /** Every state's entries per key group (Flink's snapshot of a keyed backend), taken between two records. */
  snapshot(): KeyedStateSnapshot {
    const states: KeyedStateSnapshot['states'] = [];
    for (const [name, { kind }] of this.states) states.push([name, kind]);
    const keyGroups: KeyedStateSnapshot['keyGroups'] = [];
    const { start, end } = this.keyGroupRange;
    for (let keyGroup = start; keyGroup <= end; keyGroup++) {
      const slot = (keyGroup - start) * 2;
      const inGroup: [string, KeyedEntries][] = [];
      for (const [name, { kind, table }] of this.states) {
        const entries: KeyedEntries = [];
        for (const [id, value] of table.slotEntries(slot)) entries.push([id, snapshotValue(kind, value)]);
        for (const [id, value] of table.slotEntries(slot + 1)) entries.push([decodeCompositeKey(id as string), snapshotValue(kind, value)]);
        if (entries.length > 0) inGroup.push([name, entries]);
      }
      if (inGroup.length > 0) keyGroups.push([keyGroup, inGroup]);
    }
    return { states, keyGroups };
  }

  /**
   * Fills this fresh backend from `snapshot`. Key groups outside this backend's range are skipped:
   * after a rescale they belong to another subtask.
   */
  restore(snapshot: KeyedStateSnapshot): void {
    for (const [name, kind] of snapshot.states) this.states.set(name, { kind, table: this.createTable() });
    for (const [keyGroup, inGroup] of snapshot.keyGroups) {
      if (!this.ownsKeyGroup(keyGroup)) continue;
      const slot = (keyGroup - this.keyGroupRange.start) * 2;
      for (const [name, entries] of inGroup) {
        const { kind, table } = this.states.get(name)!;
        for (const [key, value] of entries) {
          if (isCompositeKey(key)) table.restore(slot + 1, encodeCompositeKey(key), restoreValue(kind, value));
          else table.restore(slot, key, restoreValue(kind, value));
        }
      }
    }
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
    return this.register(name, 'ValueState', (table: StateTable<T>) => new HeapValueState<T>(table, defaultValue));
  }

  getListState<T>(name: string): HeapListState<T> {
    return this.register(name, 'ListState', (table: StateTable<T[]>) => new HeapListState<T>(table));
  }

  getMapState<K, V>(name: string): HeapMapState<K, V> {
    return this.register(name, 'MapState', (table: StateTable<ValueKeyedMap<K, V>>) => new HeapMapState<K, V>(table));
  }

  getReducingState<T>(name: string, reduce: (a: T, b: T) => T): HeapReducingState<T> {
    return this.register(name, 'ReducingState', (table: StateTable<T>) => new HeapReducingState<T>(table, reduce));
  }

  /**
   * The state registered under `name`, created on first use (over its restored values, if any);
   * one name holds one kind of state.
   */
  private register<S, V>(name: string, kind: StateKind, create: (table: StateTable<V>) => S): S {
    let registered = this.states.get(name);
    if (registered === undefined) this.states.set(name, (registered = { kind, table: this.createTable() }));
    else if (registered.kind !== kind) {
      throw SluiceError.user(ErrorCode.INVALID_STATE_ACCESS, `State '${name}' is a ${registered.kind} and cannot be used as a ${kind}.`);
    }
    return (registered.state ??= create(registered.table as StateTable<V>)) as S;
  }
}
