import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyTable } from './key-table.js';

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
