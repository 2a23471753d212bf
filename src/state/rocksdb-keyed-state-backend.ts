/**
 * The RocksDB keyed state backend (Flink's EmbeddedRocksDBStateBackend, `state.backend.type:
 * rocksdb`): every state's values live in an embedded RocksDB database in a local directory of its
 * own, serialized (rocksdb-layout.ts), so state may be far larger than the JS heap. Reads
 * deserialize a copy, and the states put every change back (keyed-states.ts), which gives the
 * heap backend's semantics. A checkpoint streams the database into a keyed state file
 * (keyed-state-file.ts) in bounded frames; the key groups have the heap backend's form, so
 * either backend restores the other's snapshots.
 * A MapState keeps one entry per map key (rocksdb-map-state.ts). The runtime's own per-key
 * tables (timer indexes) stay on the heap, as with Flink's default heap timers.
 */
import { AbstractKeyedStateBackend, type RegisteredState } from './abstract-keyed-state-backend.js';
import { encodeCompositeKey } from './key-encoding.js';
import type { MapStateAccess } from './keyed-map-state.js';
import type { KeyGroupRange } from '../common/key-group-range.js';
import type { KeyGroupChunk } from './keyed-state-file.js';
import { restoreValue, snapshotValue, type StateKind } from './keyed-state-snapshot.js';
import { encodeMapEntryKey, encodeStateKey, keyGroupOf, keyOf, mapEntryOf, packValue, setStateId, stateIdOf, unpackValue } from './rocksdb-layout.js';
import { RocksDBMapState } from './rocksdb-map-state.js';
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

  /** Writes one batch per chunk: a whole snapshot in one batch would be held in memory twice. A map's pairs become an entry each. */
  protected restoreKeyGroup(keyGroup: number, states: KeyGroupChunk[1]): void {
    this.store.write((batch) => {
      for (const [name, entries] of states) {
        const { kind, values: { stateId } } = this.states.get(name)!;
        for (const [key, value] of entries) {
          const storeKey = encodeStateKey(keyGroup, stateId, key);
          if (kind !== 'MapState') batch.put(storeKey, packValue(value));
          else for (const [userKey, v] of value as [unknown, unknown][]) batch.put(encodeMapEntryKey(storeKey, userKey), packValue(v));
        }
      }
    });
  }

  protected override createMapState<K, V>(values: RocksDBStateValues): MapStateAccess<K, V> {
    return new RocksDBMapState<K, V>(this.store, values.stateId, (stateId) => this.currentStoreKey(stateId));
  }

  /**
   * A scan of the database: its entries are in key group order, and within one grouped by state.
   * A map's entries, which lie together, come as one entry of `[map key, value]` pairs.
   */
  protected *snapshotEntries(): Generator<[keyGroup: number, stateName: string, key: unknown, value: unknown, bytes: number]> {
    const states: RegisteredState<RocksDBStateValues>[] = [];
    const names: string[] = [];
    for (const [name, state] of this.states) [states[state.values.stateId], names[state.values.stateId]] = [state, name];
    let map: { keyGroup: number; stateId: number; encodedKey: string; key: unknown; pairs: [unknown, unknown][]; bytes: number } | undefined;
    for (const [storeKey, value] of this.store.entries()) {
      const keyGroup = keyGroupOf(storeKey);
      const stateId = stateIdOf(storeKey);
      if (states[stateId]!.kind !== 'MapState') {
        if (map) yield [map.keyGroup, names[map.stateId]!, map.key, map.pairs, map.bytes];
        map = undefined;
        yield [keyGroup, names[stateId]!, keyOf(storeKey), unpackValue(value), value.byteLength];
        continue;
      }
      const [key, userKey] = mapEntryOf(storeKey);
      const encodedKey = encodeCompositeKey([key]);
      if (map && (map.keyGroup !== keyGroup || map.stateId !== stateId || map.encodedKey !== encodedKey)) {
        yield [map.keyGroup, names[map.stateId]!, map.key, map.pairs, map.bytes];
        map = undefined;
      }
      map ??= { keyGroup, stateId, encodedKey, key, pairs: [], bytes: 0 };
      map.pairs.push([userKey, unpackValue(value)]);
      map.bytes += value.byteLength;
    }
    if (map) yield [map.keyGroup, names[map.stateId]!, map.key, map.pairs, map.bytes];
  }

  /** Closes the database and deletes its directory. */
  dispose(): Promise<void> {
    return this.store.destroy();
  }

  protected createValues(kind: StateKind): RocksDBStateValues {
    return new RocksDBStateValues(this, this.store, this.states.size, kind);
  }
}
