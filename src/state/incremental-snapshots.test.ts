/** Incremental checkpoints of the rocksdb backend: deltas, tombstones, aborted snapshots, chain compaction, savepoints. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AbstractKeyedStateBackend } from './abstract-keyed-state-backend.js';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
import { readKeyedStateFile, resolveKeyedStateFile, type KeyedStateFileRef } from './keyed-state-file.js';
import type { KeyedStateSnapshot } from './keyed-state-snapshot.js';
import { MAX_DELTAS, RocksDBKeyedStateBackend } from './rocksdb-keyed-state-backend.js';

const RANGE = { start: 0, end: 127 };
const backends: AbstractKeyedStateBackend[] = [];
after(() => Promise.all(backends.map((b) => b.dispose())));

async function rocksdb(incremental: boolean): Promise<RocksDBKeyedStateBackend> {
  const backend = await RocksDBKeyedStateBackend.open(128, RANGE, mkdtempSync(join(tmpdir(), 'sluice-incremental-db-')), incremental);
  backends.push(backend);
  return backend;
}

/** A job's checkpoint directory: `chk-<n>` per checkpoint beside `shared`. */
function checkpoints() {
  const root = mkdtempSync(join(tmpdir(), 'sluice-incremental-'));
  const chk = (n: number) => join(root, `chk-${n}`);
  return {
    /** Checkpoint n of `backend`, its files resolved (absolute) as a restore gets them. */
    take(backend: AbstractKeyedStateBackend, n: number, full = false): KeyedStateSnapshot & { files: KeyedStateFileRef[] } {
      const snapshot = backend.snapshot({ directory: chk(n), name: 'op', shared: { directory: join(root, 'shared'), checkpointId: n, full } });
      return { ...snapshot, files: snapshot.files!.map((f) => resolveKeyedStateFile(f, chk(n))) };
    },
    /** A savepoint of `backend` (no shared directory). */
    savepoint(backend: AbstractKeyedStateBackend, n: number): KeyedStateSnapshot {
      return backend.snapshot({ directory: chk(n), name: 'op' });
    },
    root,
  };
}

/** Entries and tombstones in a keyed state file. */
function countOf(ref: KeyedStateFileRef): { entries: number; deleted: number } {
  let entries = 0;
  let deleted = 0;
  for (const [, states] of readKeyedStateFile(ref, RANGE)) {
    for (const [, e, d] of states) {
      entries += e.length;
      deleted += d?.length ?? 0;
    }
  }
  return { entries, deleted };
}

/** Each key's ValueState 'count' after restoring `snapshot` into a fresh backend. */
async function restoredCounts(snapshot: KeyedStateSnapshot, into: AbstractKeyedStateBackend, keys: number): Promise<(number | undefined)[]> {
  into.restore(snapshot);
  const count = into.getValueState<number>('count', undefined);
  return Array.from({ length: keys }, (_, key) => (into.setCurrentKey(key), count.value()));
}

function put(backend: AbstractKeyedStateBackend, keys: Iterable<number>, value: (key: number) => number): void {
  const count = backend.getValueState<number>('count', undefined);
  for (const key of keys) {
    backend.setCurrentKey(key);
    count.update(value(key));
  }
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

test('1% of 10,000 keys changed: the delta holds those entries only, and base + delta restore every key (either backend)', async () => {
  const backend = await rocksdb(true);
  const cp = checkpoints();
  put(backend, range(0, 10_000), (k) => k);
  const first = cp.take(backend, 1);
  assert.equal(first.files.length, 1, 'the first checkpoint is a full base');
  assert.equal(first.files[0]!.delta, undefined);
  assert.equal(countOf(first.files[0]!).entries, 10_000);
  backend.notifyCheckpointComplete(1);
  put(backend, range(0, 100), (k) => k + 1_000_000);
  const second = cp.take(backend, 2);
  assert.equal(second.files.length, 2);
  assert.equal(second.files[0]!.path, first.files[0]!.path, 'the base is named again, not written again');
  assert.equal(second.files[1]!.delta, true);
  assert.deepEqual(countOf(second.files[1]!), { entries: 100, deleted: 0 });
  assert.ok(second.files[1]!.size * 20 < second.files[0]!.size, `delta ${second.files[1]!.size} bytes, base ${second.files[0]!.size}`);
  const expected = range(0, 10_000).map((k) => (k < 100 ? k + 1_000_000 : k));
  const restored = await rocksdb(true);
  assert.deepEqual(await restoredCounts(second, restored, 10_000), expected);
  const afterRestore = cp.take(restored, 3);
  assert.deepEqual([afterRestore.files.length, countOf(afterRestore.files[0]!).entries], [1, 10_000], 'a restored backend starts a chain of its own with a full base (NO_CLAIM never depends on the old files)');
  const heap = new HeapKeyedStateBackend(128, RANGE);
  assert.deepEqual(await restoredCounts(second, heap, 10_000), expected);
});

test('deleted keys, maps and map entries stay deleted after a restore from base + delta', async () => {
  const backend = await rocksdb(true);
  const cp = checkpoints();
  put(backend, range(0, 10), (k) => k);
  const maps = backend.getMapState<string, number>('maps');
  for (const key of range(0, 3)) {
    backend.setCurrentKey(key);
    maps.put('a', key);
    maps.put('b', key);
  }
  cp.take(backend, 1);
  backend.notifyCheckpointComplete(1);
  const count = backend.getValueState<number>('count', undefined);
  for (const key of [2, 5]) {
    backend.setCurrentKey(key);
    count.clear();
  }
  backend.setCurrentKey(0);
  maps.clear();
  backend.setCurrentKey(1);
  maps.remove('a');
  const delta = cp.take(backend, 2);
  assert.deepEqual(countOf(delta.files[1]!), { entries: 1, deleted: 3 }, 'key 1\'s map whole; tombstones of keys 2 and 5 and of key 0\'s map');
  for (const into of [await rocksdb(false), new HeapKeyedStateBackend(128, RANGE)]) {
    assert.deepEqual(await restoredCounts(delta, into, 10), [0, 1, undefined, 3, 4, undefined, 6, 7, 8, 9]);
    const restoredMaps = into.getMapState<string, number>('maps');
    const entries = range(0, 3).map((key) => (into.setCurrentKey(key), [...restoredMaps.entries()].sort()));
    assert.deepEqual(entries, [[], [['b', 1]], [['a', 2], ['b', 2]]]);
  }
});

test('an aborted (never completed) checkpoint loses no change: the next delta holds its changes too', async () => {
  const backend = await rocksdb(true);
  const cp = checkpoints();
  put(backend, range(0, 100), () => 0);
  cp.take(backend, 1);
  backend.notifyCheckpointComplete(1);
  put(backend, [1], () => 1);
  cp.take(backend, 2); // aborted: never completes
  put(backend, [2], () => 2);
  const third = cp.take(backend, 3);
  assert.equal(third.files.length, 2, 'a delta on checkpoint 1\'s base, not on the aborted one');
  assert.deepEqual(countOf(third.files[1]!), { entries: 2, deleted: 0 });
  assert.deepEqual((await restoredCounts(third, await rocksdb(false), 100)).slice(0, 4), [0, 1, 2, 0]);
  backend.notifyCheckpointComplete(3);
  put(backend, [3], () => 3);
  const fourth = cp.take(backend, 4);
  assert.deepEqual(fourth.files.slice(0, 2), third.files, 'a completed checkpoint\'s chain is the next base');
  assert.deepEqual(countOf(fourth.files[2]!), { entries: 1, deleted: 0 });
});

test(`a chain of ${MAX_DELTAS} deltas, or deltas larger than the base, is followed by a full base`, async () => {
  const backend = await rocksdb(true);
  const cp = checkpoints();
  put(backend, range(0, 1000), () => 0);
  let n = 1;
  cp.take(backend, n);
  backend.notifyCheckpointComplete(n);
  for (let i = 1; i <= MAX_DELTAS; i++) {
    put(backend, [i], () => i);
    assert.equal(cp.take(backend, ++n).files.length, i + 1);
    backend.notifyCheckpointComplete(n);
  }
  put(backend, [0], () => 42);
  const compacted = cp.take(backend, ++n);
  assert.equal(compacted.files.length, 1);
  assert.equal(countOf(compacted.files[0]!).entries, 1000);
  backend.notifyCheckpointComplete(n);
  put(backend, range(0, 1000), () => 1e9 + 0.5); // float64 values: a delta larger than the base
  const big = cp.take(backend, ++n);
  assert.equal(big.files.length, 2, 'a delta as large as the base is still written once');
  backend.notifyCheckpointComplete(n);
  put(backend, [5], () => 5);
  assert.equal(cp.take(backend, ++n).files.length, 1, 'its deltas outgrew the base: a full base again');
  backend.notifyCheckpointComplete(n);
  put(backend, [6], () => 6);
  const full = cp.take(backend, ++n, true);
  assert.equal(full.files.length, 1, 'a FULL checkpoint writes a new base');
  assert.equal(countOf(full.files[0]!).entries, 1000);
  backend.notifyCheckpointComplete(n);
  put(backend, [7], () => 7);
  assert.deepEqual(cp.take(backend, ++n).files[0], full.files[0], 'the next delta extends it');
});

test('a savepoint of an incremental backend is one full file of its own, which restores once the checkpoints are gone', async () => {
  const backend = await rocksdb(true);
  const cp = checkpoints();
  put(backend, range(0, 50), (k) => k);
  cp.take(backend, 1);
  backend.notifyCheckpointComplete(1);
  put(backend, [0], () => 99);
  const savepoint = cp.savepoint(backend, 2);
  assert.equal(savepoint.files!.length, 1);
  assert.equal(savepoint.files![0]!.path, 'op', 'in the savepoint\'s directory, not the shared one');
  const { rmSync } = await import('node:fs');
  rmSync(join(cp.root, 'shared'), { recursive: true });
  const restored = { ...savepoint, files: savepoint.files!.map((f) => resolveKeyedStateFile(f, join(cp.root, 'chk-2'))) };
  const counts = await restoredCounts(restored, await rocksdb(false), 50);
  assert.deepEqual(counts, range(0, 50).map((k) => (k === 0 ? 99 : k)));
  put(backend, [1], () => 1);
  assert.equal(cp.take(backend, 3).files.length, 2, 'the savepoint left the chain as it was');
});
