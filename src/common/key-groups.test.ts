import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignKeyToParallelOperator, assignToKeyGroup, hashKey, murmurHash, operatorIndexForKeyGroup } from './key-groups.js';

test('string hash follows Java String.hashCode', () => {
  assert.equal(hashKey('hello'), 99162322);
  assert.equal(hashKey(''), 0);
  assert.equal(hashKey('polygenelubricants'), -2147483648);
});

test('murmurHash matches Flink MathUtils.murmurHash (values computed with Java)', () => {
  const expected: [number, number][] = [[0, 593689054], [1, 68075478], [-1, 1982413648], [42, 1134849565], [99162322, 1715862179]];
  for (const [code, h] of expected) assert.equal(murmurHash(code), h, `murmur(${code})`);
  assert.equal(assignToKeyGroup('hello', 128), 35);
  assert.equal(assignToKeyGroup('flink', 128), 98);
});

test('key groups cover subtasks in contiguous ranges', () => {
  const max = 128;
  for (const p of [1, 2, 3, 4, 7]) {
    let last = 0;
    for (let kg = 0; kg < max; kg++) {
      const idx = operatorIndexForKeyGroup(max, p, kg);
      assert.ok(idx >= last && idx < p);
      last = idx;
    }
    assert.equal(last, p - 1);
  }
});

test('a key always lands on the same subtask', () => {
  for (const key of ['a', 'flink', 7, [1, 'x'], { a: 1 }]) {
    assert.equal(assignKeyToParallelOperator(key, 128, 4), assignKeyToParallelOperator(structuredClone(key), 128, 4));
    assert.ok(assignToKeyGroup(key, 128) < 128);
  }
});
