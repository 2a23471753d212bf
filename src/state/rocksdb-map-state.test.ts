/** MapState on rocksdb: one database entry per map key, each key's map scanned apart from every other key's. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeStateKey } from './rocksdb-layout.js';
import { RocksDBMapState } from './rocksdb-map-state.js';
import { RocksDBStore } from './rocksdb-store.js';

const store = await RocksDBStore.open(mkdtempSync(join(tmpdir(), 'sluice-rocksdb-map-')));
after(() => store.destroy());

test('each map key is an entry of its own; a key\'s map never shows another key\'s entries, also when one key\'s text starts like another\'s', () => {
  let current: unknown = 'a';
  const map = new RocksDBMapState<unknown, string>(store, 3, (stateId) => encodeStateKey(7, stateId, current));
  const keys: unknown[] = ['a', 'ab', 1, 12, ['a'], ['a', 1]];
  for (const key of keys) {
    current = key;
    map.putAll([[`u-${JSON.stringify(key)}`, 'x'], [['t', 1], 'y']]);
  }
  assert.equal([...store.entries()].length, keys.length * 2, 'one database entry per map key');
  for (const key of keys) {
    current = key;
    assert.deepEqual([...map.keys()].map((k) => JSON.stringify(k)).sort(), [JSON.stringify(['t', 1]), JSON.stringify(`u-${JSON.stringify(key)}`)].sort(), `key ${JSON.stringify(key)} sees its own map only`);
    assert.equal(map.get(['t', 1]), 'y');
  }
  current = 'a';
  map.remove(['t', 1]);
  assert.deepEqual([...map.entries()], [['u-"a"', 'x']]);
  map.clear();
  assert.equal(map.isEmpty(), true);
  assert.equal(map.contains('u-"a"'), false);
  current = 'ab';
  assert.equal(map.isEmpty(), false, 'clearing one key\'s map leaves the others');
  assert.equal([...store.entries()].length, keys.length * 2 - 2);
});
