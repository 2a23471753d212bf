/** Test helpers: each keyed state backend, made fresh for a test and disposed after it. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AbstractKeyedStateBackend } from './abstract-keyed-state-backend.js';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
import type { KeyGroupRange } from '../common/key-group-range.js';
import { RocksDBKeyedStateBackend } from './rocksdb-keyed-state-backend.js';

export type KeyedBackendFactory = (maxParallelism: number, range: KeyGroupRange) => Promise<AbstractKeyedStateBackend>;

/** `state.backend.type` values with a factory for each; every backend made is collected for `disposeAll`. */
export const KEYED_BACKENDS: [type: string, create: KeyedBackendFactory][] = [
  ['hashmap', (maxParallelism, range) => Promise.resolve(track(new HeapKeyedStateBackend(maxParallelism, range)))],
  ['rocksdb', async (maxParallelism, range) => track(await RocksDBKeyedStateBackend.open(maxParallelism, range, mkdtempSync(join(tmpdir(), 'sluice-rocksdb-test-'))))],
];

const made: AbstractKeyedStateBackend[] = [];

function track(backend: AbstractKeyedStateBackend): AbstractKeyedStateBackend {
  made.push(backend);
  return backend;
}

/** Disposes every backend made so far (an `after` hook of the test file). */
export async function disposeAll(): Promise<void> {
  await Promise.all(made.splice(0).map((backend) => backend.dispose()));
}
