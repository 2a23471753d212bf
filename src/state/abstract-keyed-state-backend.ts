/**
 * What every keyed state backend of one keyed operator subtask shares (Flink's
 * AbstractKeyedStateBackend): the current key, resolved once per record to its key group, slot
 * and id (see KeyContext), and the named states over the values a concrete backend stores. The
 * operator sets the key before each record and timer; every state access then refers to that key.
 * `snapshot` writes the states per key group in one format for every backend
 * (keyed-state-snapshot.ts; at a checkpoint streamed into a keyed state file), so a snapshot of
 * one backend restores into another.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import { assignToKeyGroup } from '../common/key-groups.js';
import { encodeCompositeKey, isCompositeKey } from './key-encoding.js';
import type { KeyGroupRange } from '../common/key-group-range.js';
import type { RestoredKeyTypes } from './restored-key-type.js';
import { KeyedStateFileWriter, readKeyedStateFile, type KeyGroupChunk, type KeyedSnapshotTarget, type KeyedStateFileRef } from './keyed-state-file.js';
import { KeyedMapState, type MapStateAccess } from './keyed-map-state.js';
import type { KeyedEntries, KeyedStateSnapshot, StateKind } from './keyed-state-snapshot.js';
import { KeyedListState, KeyedReducingState, KeyedValueState } from './keyed-states.js';
import { StateTable, type KeyContext, type StateValues } from './state-table.js';
import type { ValueKeyedMap } from './value-keyed-map.js';

/** The value of a snapshot entry whose key was deleted (a delta file's tombstone). */
export const DELETED: unique symbol = Symbol('deleted');

/** A snapshot entry: its key group, state, key, value (or DELETED), and the bytes it takes in the backend (0 when unknown). */
export type SnapshotEntry = [keyGroup: number, stateName: string, key: unknown, value: unknown, bytes: number];

/** A named state: its values, and the state object once a function asked for it. */
export interface RegisteredState<T> {
  kind: StateKind;
  values: T;
  state?: unknown;
  /** It came from a snapshot (its kind is the snapshot's, not one a function asked for). */
  restored?: boolean;
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

  /**
   * Every state's entries per key group (Flink's snapshot of a keyed backend), taken between two
   * records. With a `target` (a checkpoint) the key groups are streamed into that keyed state
   * file a frame at a time (the snapshot's `files`), so the snapshot never holds them all;
   * without one they are returned inline.
   */
  snapshot(target?: KeyedSnapshotTarget): KeyedStateSnapshot {
    const states: KeyedStateSnapshot['states'] = [];
    for (const [name, { kind }] of this.states) states.push([name, kind]);
    if (target === undefined) return { states, keyGroups: this.inlineKeyGroups() };
    return { states, keyGroups: [], files: this.writeSnapshotFiles(target) };
  }

  /** The files of a snapshot to `target`: by default one full keyed state file there. */
  protected writeSnapshotFiles(target: KeyedSnapshotTarget): KeyedStateFileRef[] {
    return [writeKeyedStateFile(target, this.snapshotEntries(), false)];
  }

  /** Checkpoint `checkpointId` completed (an incremental backend's snapshot of it becomes its base). */
  notifyCheckpointComplete(_checkpointId: number): void {}

  /**
   * Every entry in its snapshot form, by key group ascending and within one grouped by state,
   * with the bytes it takes in the backend (0 when unknown), which bounds a file's frames.
   */
  protected abstract snapshotEntries(): Iterable<SnapshotEntry>;

  /** Releases what the backend holds outside the JS heap (its files); it is unusable afterwards. */
  abstract dispose(): Promise<void>;

  /** The store of a new state's values. */
  protected abstract createValues(kind: StateKind): T;

  /** A MapState over `values`: by default each key's map is one value. */
  protected createMapState<K, V>(values: T): MapStateAccess<K, V> {
    return new KeyedMapState<K, V>(values as unknown as StateValues<ValueKeyedMap<K, V>>);
  }

  /**
   * Adds restored entries of one key group of this backend's range (a key group may come in
   * several chunks). From a delta file (`replace`) they replace the key's values, and its deleted
   * keys are removed.
   */
  protected abstract restoreKeyGroup(keyGroup: number, states: KeyGroupChunk[1], replace: boolean): void;

  /**
   * Fills this fresh backend from `snapshot`, its inline key groups and then its files (whose
   * paths must be absolute) in order, streamed a chunk at a time (an incremental chain's deltas
   * after its base: later values win, tombstones delete). Key groups outside this backend's range
   * are skipped: after a rescale they belong to another subtask. The type of every restored key
   * goes into `keyTypes` when given, for the check against the new key selector's keys.
   */
  restore(snapshot: KeyedStateSnapshot, keyTypes?: RestoredKeyTypes): void {
    for (const [name, kind] of snapshot.states) this.registerRestored(name, kind);
    const restoreChunk = ([keyGroup, states]: KeyGroupChunk, replace = false): void => {
      this.restoreKeyGroup(keyGroup, states, replace);
      if (keyTypes !== undefined) for (const [name, entries] of states) for (const [key] of entries) keyTypes.add(name, key);
    };
    for (const chunk of snapshot.keyGroups) if (this.ownsKeyGroup(chunk[0])) restoreChunk(chunk);
    for (const file of snapshot.files ?? []) for (const chunk of readKeyedStateFile(file, this.keyGroupRange)) restoreChunk(chunk, file.delta === true);
  }

  private inlineKeyGroups(): KeyedStateSnapshot['keyGroups'] {
    const keyGroups: KeyedStateSnapshot['keyGroups'] = [];
    let group: [string, KeyedEntries][] = [];
    let entries: KeyedEntries = [];
    let lastGroup = -1;
    let lastState: string | undefined;
    for (const [keyGroup, name, key, value] of this.snapshotEntries()) {
      if (keyGroup !== lastGroup) {
        keyGroups.push([keyGroup, (group = [])]);
        lastGroup = keyGroup;
        lastState = undefined;
      }
      if (name !== lastState) {
        group.push([name, (entries = [])]);
        lastState = name;
      }
      entries.push([key, value]);
    }
    return keyGroups;
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

  /** How many states are registered (asked for, or restored). */
  get numberOfStates(): number {
    return this.states.size;
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

  getMapState<K, V>(name: string): MapStateAccess<K, V> {
    return this.register(name, 'MapState', (values) => this.createMapState<K, V>(values as T));
  }

  getReducingState<V>(name: string, reduce: (a: V, b: V) => V): KeyedReducingState<V> {
    return this.register(name, 'ReducingState', (values: StateValues<V>) => new KeyedReducingState<V>(values, reduce));
  }

  /** Registers a state restored before its function asks for it (its kind comes from the snapshot). */
  protected registerRestored(name: string, kind: StateKind): RegisteredState<T> {
    return this.registered(name, kind, true);
  }

  private registered(name: string, kind: StateKind, restored: boolean): RegisteredState<T> {
    let registered = this.states.get(name);
    if (registered === undefined) this.states.set(name, (registered = { kind, values: this.createValues(kind), restored }));
    return registered;
  }

  /**
   * The state registered under `name`, created on first use (over its restored values, if any);
   * one name holds one kind of state, also across a restore.
   */
  private register<S, V>(name: string, kind: StateKind, create: (values: StateValues<V>) => S): S {
    const registered = this.registered(name, kind, false);
    if (registered.kind !== kind) {
      const was = registered.restored ? `was restored from a snapshot as a ${registered.kind}` : `is a ${registered.kind}`;
      throw SluiceError.user(ErrorCode.INVALID_STATE_ACCESS, `State '${name}' ${was} and cannot be used as a ${kind}.`);
    }
    return (registered.state ??= create(registered.values as unknown as StateValues<V>)) as S;
  }
}

/**
 * Writes `entries` (see AbstractKeyedStateBackend.snapshotEntries; DELETED values become
 * tombstones of a `delta` file) into a keyed state file at `target`.
 */
export function writeKeyedStateFile(target: KeyedSnapshotTarget, entries: Iterable<SnapshotEntry>, delta: boolean): KeyedStateFileRef {
  const writer = new KeyedStateFileWriter(target, delta);
  try {
    for (const [keyGroup, name, key, value, bytes] of entries) {
      if (value === DELETED) writer.addTombstone(keyGroup, name, key);
      else writer.add(keyGroup, name, key, value, bytes);
    }
  } catch (err) {
    writer.abort();
    throw err;
  }
  return writer.finish();
}
