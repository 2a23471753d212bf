/**
 * The RocksDB keyed state backend (Flink's EmbeddedRocksDBStateBackend, `state.backend.type:
 * rocksdb`): every state's values live in an embedded RocksDB database in a local directory of its
 * own, serialized (rocksdb-layout.ts), so state may be far larger than the JS heap. Reads
 * deserialize a copy, and the states put every change back (keyed-states.ts), which gives the
 * heap backend's semantics. Snapshots have the heap backend's format: either restores the other's.
 * The runtime's own per-key tables (timer indexes) stay on the heap, as with Flink's default
 * heap timers.
 */
import { AbstractKeyedStateBackend } from './abstract-keyed-state-backend.js';
import type { KeyGroupRange } from '../common/key-group-range.js';
import { restoreValue, snapshotValue, type KeyedEntries, type KeyedStateSnapshot, type StateKind } from './keyed-state-snapshot.js';
import { encodeStateKey, keyGroupOf, keyOf, packValue, setStateId, stateIdOf, unpackValue } from './rocksdb-layout.js';
import { RocksDBStore } from './rocksdb-store.js';
import { slotOf, type KeyContext, type StateValues } from './state-table.js';

/** One state's values in the database. */
class RocksDBStateValues implements StateValues<unknown> {
  constructor(private readonly backend: RocksDBKeyedStateBackend, private readonly store: RocksDBStore, readonly stateId: number, private readonly kind: StateKind) {}

  get(): unknown {
    const bytes = this.store.get(this.backend.currentStoreKey(this.stateId));
    return bytes === undefined ? undefined : restoreValue(this.kind, unpackValue(bytes));
  }

  put(value: unknown): void {
    this.store.put(this.backend.currentStoreKey(this.stateId), packValue(snapshotValue(this.kind, value)));
  }

  remove(): void {
    this.store.delete(this.backend.currentStoreKey(this.stateId));
  }
}

export class RocksDBKeyedStateBackend extends AbstractKeyedStateBackend<RocksDBStateValues> {
  /** The current key's store key, made on the first state access after the key changed. */
  private storeKey: Buffer | undefined;

  private constructor(maxParallelism: number, keyGroupRange: KeyGroupRange, private readonly store: RocksDBStore) {
    super(maxParallelism, keyGroupRange);
  }

  /** A backend whose database is created in `directory` (which must be the backend's alone) and deleted by `dispose`. */
  static async open(maxParallelism: number, keyGroupRange: KeyGroupRange, directory: string): Promise<RocksDBKeyedStateBackend> {
    return new RocksDBKeyedStateBackend(maxParallelism, keyGroupRange, await RocksDBStore.open(directory));
  }

  override setCurrentKey(key: unknown): void {
    super.setCurrentKey(key);
    this.storeKey = undefined;
  }

  override setCurrentKeyContext(context: KeyContext): void {
    super.setCurrentKeyContext(context);
    this.storeKey = undefined;
  }

  /** The current key's store key in state `stateId`; throws while no key is set. Valid until the next call. */
  currentStoreKey(stateId: number): Buffer {
    this.storeKey ??= encodeStateKey(this.keyGroupOfSlot(slotOf(this)), stateId, this.key);
    return setStateId(this.storeKey, stateId);
  }

  snapshot(): KeyedStateSnapshot {
    const states: KeyedStateSnapshot['states'] = [];
    const names: string[] = [];
    for (const [name, { kind, values }] of this.states) {
      states.push([name, kind]);
      names[values.stateId] = name;
    }
    const keyGroups: KeyedStateSnapshot['keyGroups'] = [];
    let group: [string, KeyedEntries][] = [];
    let entries: KeyedEntries = [];
    let lastGroup = -1;
    let lastState = -1;
    for (const [storeKey, value] of this.store.entries()) {
      const keyGroup = keyGroupOf(storeKey);
      const stateId = stateIdOf(storeKey);
      if (keyGroup !== lastGroup) {
        keyGroups.push([keyGroup, (group = [])]);
        lastGroup = keyGroup;
        lastState = -1;
      }
      if (stateId !== lastState) {
        group.push([names[stateId]!, (entries = [])]);
        lastState = stateId;
      }
      entries.push([keyOf(storeKey), unpackValue(value)]);
    }
    return { states, keyGroups };
  }

  /** Writes one batch per key group: a whole snapshot in one batch would be held in memory twice. */
  restore(snapshot: KeyedStateSnapshot): void {
    for (const [name, kind] of snapshot.states) this.registerRestored(name, kind);
    for (const [keyGroup, inGroup] of snapshot.keyGroups) {
      if (!this.ownsKeyGroup(keyGroup)) continue;
      this.store.write((batch) => {
        for (const [name, entries] of inGroup) {
          const { stateId } = this.states.get(name)!.values;
          for (const [key, value] of entries) batch.put(encodeStateKey(keyGroup, stateId, key), packValue(value));
        }
      });
    }
  }

  /** Closes the database and deletes its directory. */
  dispose(): Promise<void> {
    return this.store.destroy();
  }

  protected createValues(kind: StateKind): RocksDBStateValues {
    return new RocksDBStateValues(this, this.store, this.states.size, kind);
  }
}
