/**
 * Picks the keyed state backend of `state.backend.type` (Flink's StateBackendLoader): `hashmap`
 * keeps state on the task's heap, `rocksdb` in a RocksDB database of its own under a local
 * directory. Both take and restore the same snapshots, so a job can switch between them through
 * a checkpoint or savepoint.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import type { StateBackendType } from '../common/config/options.js';
import type { AbstractKeyedStateBackend } from './abstract-keyed-state-backend.js';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
import type { KeyGroupRange } from '../common/key-group-range.js';
import { RocksDBKeyedStateBackend } from './rocksdb-keyed-state-backend.js';

/** Which backend a task's keyed operators use, and where a disk backend may put its files. */
export interface KeyedStateBackendSettings {
  type: StateBackendType;
  /** A local directory of the task (under `taskmanager.work.dir`), deleted when the task ends. */
  localDirectory: string;
  /** `state.backend.incremental`: rocksdb checkpoints write what changed since the last one (the heap backend's are full). */
  incremental?: boolean;
}

/** The default: state on the heap (needs no directory). */
export const HEAP_STATE_BACKEND: KeyedStateBackendSettings = { type: 'hashmap', localDirectory: '' };

/**
 * A backend for `keyGroupRange`; a `rocksdb` backend gets a fresh directory under
 * `localDirectory` named after `owner` (so one task's several keyed operators never share one),
 * which its `dispose` deletes.
 */
export async function createKeyedStateBackend(settings: KeyedStateBackendSettings, owner: string, maxParallelism: number, keyGroupRange: KeyGroupRange): Promise<AbstractKeyedStateBackend> {
  if (settings.type === 'hashmap') return new HeapKeyedStateBackend(maxParallelism, keyGroupRange);
  await mkdir(settings.localDirectory, { recursive: true });
  const directory = await mkdtemp(join(settings.localDirectory, `${owner.replace(/[^\w.-]+/g, '_')}-`));
  return RocksDBKeyedStateBackend.open(maxParallelism, keyGroupRange, directory, settings.incremental === true);
}
