/** Keyed state of every backend: isolation across keys, value-equal composite keys, key groups, misuse errors. */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assignToKeyGroup } from '../common/key-groups.js';
import { keyGroupRangeForSubtask } from '../common/key-group-range.js';
import { operatorIndexForKeyGroup } from '../common/key-groups.js';
import { disposeAll, KEYED_BACKENDS } from './test-keyed-backends.js';

after(disposeAll);

for (const [type, create] of KEYED_BACKENDS) {
  describe(`state.backend.type: ${type}`, () => {
    const allKeyGroups = () => create(128, { start: 0, end: 127 });

    test('ValueState: each key has its own value, and the default until updated', async () => {
      const backend = await allKeyGroups();
      const count = backend.getValueState<number>('count', 0);
      for (const key of ['a', 'b', 'a', 'a', 7]) {
        backend.setCurrentKey(key);
        count.update(count.value()! + 1);
      }
      const valueOf = (key: unknown): number | undefined => (backend.setCurrentKey(key), count.value());
      assert.deepEqual(['a', 'b', 7, 'c'].map(valueOf), [3, 1, 1, 0]);
      backend.setCurrentKey('a');
      count.clear();
      assert.equal(count.value(), 0);
      count.update(5);
      count.update(null);
      assert.equal(count.value(), 0, 'update(null) clears, as in Flink');
      assert.equal(valueOf('b'), 1, 'clearing one key leaves the others');
    });

    test('ListState: add, addAll, update and clear per key; get() is empty for a key without a list', async () => {
      const backend = await allKeyGroups();
      const list = backend.getListState<string>('seen');
      backend.setCurrentKey('x');
      list.add('1');
      list.addAll(['2', '3']);
      backend.setCurrentKey('y');
      assert.deepEqual([...list.get()], []);
      list.update(['only']);
      backend.setCurrentKey('x');
      assert.deepEqual([...list.get()], ['1', '2', '3']);
      list.update([]);
      assert.deepEqual([...list.get()], []);
      backend.setCurrentKey('y');
      assert.deepEqual([...list.get()], ['only']);
      assert.throws(() => list.add(null as unknown as string), { code: 'INVALID_STATE_ACCESS' });
      assert.throws(() => list.addAll(['ok', undefined as unknown as string]), { code: 'INVALID_STATE_ACCESS' });
      assert.deepEqual([...list.get()], ['only'], 'a rejected addAll adds nothing');
    });

    test('MapState: per-key maps whose user keys compare by value', async () => {
      const backend = await allKeyGroups();
      const map = backend.getMapState<unknown, number>('m');
      backend.setCurrentKey('k1');
      assert.equal(map.isEmpty(), true);
      map.put('a', 1);
      map.put(['t', 1], 2);
      map.putAll(new Map<unknown, number>([[{ x: 1, y: 2 }, 3]]));
      assert.equal(map.get(['t', 1]), 2, 'an equal tuple finds the entry');
      assert.equal(map.get({ y: 2, x: 1 }), 3, 'property order does not matter');
      assert.equal(map.contains('a'), true);
      assert.equal(map.contains(['t', '1']), false, 'a string is not a number');
      assert.deepEqual([...map.keys()], ['a', ['t', 1], { x: 1, y: 2 }]);
      assert.deepEqual([...map.values()], [1, 2, 3]);
      assert.deepEqual([...map.entries()].length, 3);
      backend.setCurrentKey('k2');
      assert.equal(map.isEmpty(), true, 'another key sees nothing');
      map.put('a', 10);
      backend.setCurrentKey('k1');
      map.remove('a');
      map.remove(['t', 1]);
      map.remove({ x: 1, y: 2 });
      assert.equal(map.isEmpty(), true, 'removing the last entry leaves no state');
      backend.setCurrentKey('k2');
      assert.equal(map.get('a'), 10);
      map.clear();
      assert.deepEqual([...map.entries()], []);
    });

    test('ReducingState combines every added value of its key', async () => {
      const backend = await allKeyGroups();
      const max = backend.getReducingState<number>('max', (a, b) => Math.max(a, b));
      for (const [key, v] of [['a', 3], ['b', 1], ['a', 9], ['a', 4]] as const) {
        backend.setCurrentKey(key);
        max.add(v);
      }
      backend.setCurrentKey('a');
      assert.equal(max.get(), 9);
      backend.setCurrentKey('b');
      assert.equal(max.get(), 1);
      max.clear();
      assert.equal(max.get(), undefined);
    });

    test('composite keys compare by value and never meet a primitive key', async () => {
      const backend = await allKeyGroups();
      const value = backend.getValueState<string>('v', undefined);
      const keys: unknown[] = [['a', 1], 'a', 'ü', ['日本', 1], ['a'], ['a', '1'], { a: 1 }, [['a', 1]], new Date(5), 5, '5', [null], [undefined]];
      keys.forEach((key, i) => {
        backend.setCurrentKey(key);
        value.update(String(i));
      });
      keys.forEach((key, i) => {
        backend.setCurrentKey(structuredClone(key));
        assert.equal(value.value(), String(i), `key ${JSON.stringify(key)} keeps its own value`);
      });
      backend.setCurrentKey({ b: [1, 2], a: 'x' });
      value.update('object');
      backend.setCurrentKey({ a: 'x', b: [1, 2] });
      assert.equal(value.value(), 'object');
    });

    test('one name holds one kind of state; asking again gives the same state', async () => {
      const backend = await allKeyGroups();
      assert.equal(backend.getValueState('s', undefined), backend.getValueState('s', undefined));
      assert.throws(() => backend.getListState('s'), { code: 'INVALID_STATE_ACCESS', message: /'s' is a ValueState/ });
    });

    test('state needs a current key, and the key must be present and of this subtask', async () => {
      const maxParallelism = 128;
      const range = keyGroupRangeForSubtask(maxParallelism, 2, 0);
      const backend = await create(maxParallelism, range);
      const value = backend.getValueState<number>('v', undefined);
      assert.throws(() => value.value(), { code: 'INVALID_STATE_ACCESS', message: /No key set/ });
      assert.throws(() => backend.setCurrentKey(undefined), { code: 'INVALID_STATE_ACCESS', message: /returned undefined/ });
      const foreign = Array.from({ length: 100 }, (_, i) => `k${i}`).find((k) => assignToKeyGroup(k, maxParallelism) > range.end)!;
      assert.throws(() => backend.setCurrentKey(foreign), { code: 'INVALID_STATE_ACCESS', message: /is not in KeyGroupRange\{startKeyGroup=0, endKeyGroup=63\}/ });
    });

  });
}

test('a subtask owns exactly the key groups the hash partitioner sends it', () => {
  for (const [maxParallelism, parallelism] of [[128, 3], [7, 7], [10, 4], [32768, 5]] as const) {
    let next = 0;
    for (let i = 0; i < parallelism; i++) {
      const { start, end } = keyGroupRangeForSubtask(maxParallelism, parallelism, i);
      assert.equal(start, next, 'ranges are contiguous');
      for (const g of [start, end]) assert.equal(operatorIndexForKeyGroup(maxParallelism, parallelism, g), i);
      next = end + 1;
    }
    assert.equal(next, maxParallelism, 'ranges cover every key group');
  }
});
