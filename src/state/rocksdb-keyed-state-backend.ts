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
 *
 * Incremental (`state.backend.incremental`): a checkpoint writes into the job's shared directory
 * a *delta* of the keys written or deleted since the last completed checkpoint's snapshot (their
 * values, or tombstones), and names the chain: that snapshot's files and the delta. The changes
 * of a snapshot are kept until one completes that covers them, so an aborted checkpoint loses
 * none. A full base is written instead when there is no completed base yet (the first checkpoint
 * of a run, also after a restore), at a FULL checkpoint, when the chain holds MAX_DELTAS deltas,
 * or when its deltas together outgrew its base. Savepoints are always full (in their own directory).
 */
import { join, relative } from 'node:path';
import { AbstractKeyedStateBackend, DELETED, writeKeyedStateFile, type RegisteredState, type SnapshotEntry } from './abstract-keyed-state-backend.js';
import { encodeCompositeKey } from './key-encoding.js';
import type { MapStateAccess } from './keyed-map-state.js';
import type { KeyGroupRange } from '../common/key-group-range.js';
import type { KeyedSnapshotTarget, KeyedStateFileRef, KeyGroupChunk } from './keyed-state-file.js';
import { restoreValue, snapshotValue, type StateKind } from './keyed-state-snapshot.js';
import { encodeMapEntryKey, encodeStateKey, keyGroupOf, keyOf, mapEntryOf, mapPrefixOf, packValue, setStateId, stateIdOf, unpackValue } from './rocksdb-layout.js';
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

/** Most deltas an incremental chain holds; the checkpoint after writes a full base again. */
export const MAX_DELTAS = 10;

/** An incremental snapshot's files (named relative to its state file): a full base, then deltas in order. */
interface Chain {
  files: KeyedStateFileRef[];
  baseSize: number;
  deltasSize: number;
}

export class RocksDBKeyedStateBackend extends AbstractKeyedStateBackend<RocksDBStateValues> {
  /** The current key's store key, made on the first state access after the key changed. */
  private storeKey: Buffer | undefined;
  /** Incremental: the chain of the last completed checkpoint's snapshot, which the next delta extends. */
  private base: Chain | undefined;
  /** Incremental: the snapshots not completed yet, by checkpoint id, with the changes up to each. */
  private readonly uncompleted = new Map<number, { changes: Set<string>; chain: Chain }>();

  private constructor(maxParallelism: number, keyGroupRange: KeyGroupRange, private readonly store: RocksDBStore, private readonly incremental: boolean) {
    super(maxParallelism, keyGroupRange);
  }

  /**
   * A backend whose database is created in `directory` (which must be the backend's alone) and
   * deleted by `dispose`; `incremental` makes its checkpoints incremental.
   */
  static async open(maxParallelism: number, keyGroupRange: KeyGroupRange, directory: string, incremental = false): Promise<RocksDBKeyedStateBackend> {
    return new RocksDBKeyedStateBackend(maxParallelism, keyGroupRange, await RocksDBStore.open(directory), incremental);
  }

  /** Incremental at a checkpoint: a delta of the changes since the base (or a full base) in the shared directory. */
  protected override writeSnapshotFiles(target: KeyedSnapshotTarget): KeyedStateFileRef[] {
    if (!this.incremental || target.shared === undefined) return super.writeSnapshotFiles(target);
    const { directory, checkpointId, full } = target.shared;
    // The first call starts tracking (its snapshot is a full base): a job that never checkpoints tracks nothing.
    const changes = this.store.takeChanges();
    const fileTarget = { directory, name: `${target.name}-${checkpointId}` };
    const named = (ref: KeyedStateFileRef): KeyedStateFileRef => ({ ...ref, path: relative(target.directory, join(directory, ref.path)) });
    const base = this.base;
    let chain: Chain;
    if (base === undefined || full === true || base.files.length > MAX_DELTAS || base.deltasSize > base.baseSize) {
      const ref = writeKeyedStateFile(fileTarget, this.snapshotEntries(), false);
      chain = { files: [named(ref)], baseSize: ref.size, deltasSize: 0 };
    } else {
      const changed = new Set(changes);
      for (const pending of this.uncompleted.values()) for (const key of pending.changes) changed.add(key);
      const ref = writeKeyedStateFile(fileTarget, this.changedEntries([...changed].sort()), true);
      chain = { files: [...base.files, named(ref)], baseSize: base.baseSize, deltasSize: base.deltasSize + ref.size };
    }
    this.uncompleted.set(checkpointId, { changes, chain });
    return chain.files;
  }

  /** Checkpoint `checkpointId` completed: its snapshot's chain is the base of the next delta. */
  override notifyCheckpointComplete(checkpointId: number): void {
    const completed = this.uncompleted.get(checkpointId);
    if (completed === undefined) return;
    this.base = completed.chain;
    for (const id of this.uncompleted.keys()) if (id <= checkpointId) this.uncompleted.delete(id);
  }

  /**
   * The entries of the store keys `sorted` (latin1, ascending) as they are now, or DELETED; a
   * changed map entry stands for its key's whole map, written once.
   */
  private *changedEntries(sorted: readonly string[]): Generator<SnapshotEntry> {
    const names: string[] = [];
    const kinds: StateKind[] = [];
    for (const [name, { kind, values }] of this.states) [names[values.stateId], kinds[values.stateId]] = [name, kind];
    let lastMap: string | undefined;
    for (const latin1 of sorted) {
      const storeKey = Buffer.from(latin1, 'latin1');
      const keyGroup = keyGroupOf(storeKey);
      const stateId = stateIdOf(storeKey);
      if (kinds[stateId] !== 'MapState') {
        const value = this.store.get(storeKey);
        yield [keyGroup, names[stateId]!, keyOf(storeKey), value === undefined ? DELETED : unpackValue(value), value?.byteLength ?? 0];
        continue;
      }
      const [key] = mapEntryOf(storeKey);
      const prefix = mapPrefixOf(encodeStateKey(keyGroup, stateId, key));
      const map = prefix.toString('latin1');
      if (map === lastMap) continue;
      lastMap = map;
      const pairs: [unknown, unknown][] = [];
      let bytes = 0;
      for (const [entryKey, value] of this.store.entries(prefix)) {
        pairs.push([mapEntryOf(entryKey)[1], unpackValue(value)]);
        bytes += value.byteLength;
      }
      yield [keyGroup, names[stateId]!, key, pairs.length === 0 ? DELETED : pairs, bytes];
    }
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

  /**
   * Writes one batch per chunk: a whole snapshot in one batch would be held in memory twice. A
   * map's pairs become an entry each; a delta's map (`replace`) or deletion first removes the
   * key's map entries.
   */
  protected restoreKeyGroup(keyGroup: number, states: KeyGroupChunk[1], replace: boolean): void {
    this.store.write((batch) => {
      for (const [name, entries, deleted] of states) {
        const { kind, values: { stateId } } = this.states.get(name)!;
        const clearMap = (storeKey: Buffer): void => {
          for (const [entryKey] of this.store.entries(mapPrefixOf(storeKey))) batch.delete(entryKey);
        };
        for (const [key, value] of entries) {
          const storeKey = encodeStateKey(keyGroup, stateId, key);
          if (kind !== 'MapState') batch.put(storeKey, packValue(value));
          else {
            if (replace) clearMap(storeKey);
            for (const [userKey, v] of value as [unknown, unknown][]) batch.put(encodeMapEntryKey(storeKey, userKey), packValue(v));
          }
        }
        for (const key of deleted ?? []) {
          const storeKey = encodeStateKey(keyGroup, stateId, key);
          if (kind !== 'MapState') batch.delete(storeKey);
          else clearMap(storeKey);
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
  protected *snapshotEntries(): Generator<SnapshotEntry> {
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
