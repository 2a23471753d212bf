import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignToKeyGroup } from '../common/key-groups.js';
import { KeyTable, forEachSnapshotEntry } from './key-table.js';

test('string keys: many keys survive growth, values are overwritten in place', () => {
  const table = new KeyTable<number>();
  const words = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);
  words.forEach((w, i) => table.set(w, i));
  words.forEach((w, i) => assert.equal(table.get(w), i));
  table.set('w0', -1);
  assert.equal(table.get('w0'), -1);
  assert.equal(table.get('missing'), undefined);
});

test('keys compare by value: a string built at run time finds the stored one', () => {
  const table = new KeyTable<string>();
  table.set('hello', 'first');
  const rebuilt = ['hel', 'lo'].join('');
  assert.equal(table.get(rebuilt), 'first');
  table.set('', 'empty');
  table.set('日本語', 'non-ASCII');
  assert.equal(table.get(''), 'empty');
  assert.equal(table.get('日本語'), 'non-ASCII');
});

test('non-string keys are kept apart from strings', () => {
  const table = new KeyTable<string>();
  table.set(1, 'number');
  table.set('1', 'string');
  table.set(true, 'boolean');
  table.set(undefined, 'undefined');
  assert.deepEqual([table.get(1), table.get('1'), table.get(true), table.get(undefined), table.get(2)], ['number', 'string', 'boolean', 'undefined', undefined]);
});

test('snapshots file every key under its key group, also keys added (and slots moved by growth) after an earlier snapshot', () => {
  const table = new KeyTable<number>();
  const check = (keys: number): void => {
    const snapshot = table.snapshot(128);
    const groups: number[] = [];
    forEachSnapshotEntry(snapshot, (group, key) => {
      assert.equal(group, assignToKeyGroup(key, 128), `${String(key)} under its own key group`);
      groups.push(group);
    });
    assert.equal(groups.length, keys);
    assert.deepEqual(groups, [...groups].sort((a, b) => a - b), 'ascending key groups');
  };
  for (let i = 0; i < 10; i++) table.set(`k${i}`, i);
  check(10);
  for (let i = 10; i < 1000; i++) table.set(`k${i}`, i);
  table.set(7, 7);
  table.set([1, 'a'], 8);
  check(1002);
});
