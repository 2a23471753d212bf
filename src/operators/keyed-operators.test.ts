import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedAggregationOperator } from './keyed-operators.js';
import type { AggregationKind } from '../api/stream-graph.js';

function run(aggregation: AggregationKind, field: number | string, key: (r: never) => unknown, records: unknown[]): unknown[] {
  const out: unknown[] = [];
  const op = new KeyedAggregationOperator(aggregation, field, key as (r: unknown) => unknown, { collect: (r) => out.push(r) });
  for (const r of records) op.processElement(r);
  return out;
}

test('sum on tuples keeps the first record\'s other fields and never mutates emitted records', () => {
  const out = run('sum', 1, (t: [string, number, string]) => t[0], [['a', 1, 'first'], ['b', 5, 'x'], ['a', 2, 'second']]);
  assert.deepEqual(out, [['a', 1, 'first'], ['b', 5, 'x'], ['a', 3, 'first']]);
});

test('sum on a stream of numbers emits numbers', () => {
  assert.deepEqual(run('sum', 0, (n: number) => n % 2, [1, 2, 3, 4]), [1, 2, 4, 6]);
});

test('min/max update the field; minBy/maxBy keep the extreme record', () => {
  const rows = [{ k: 'x', v: 5, tag: 'a' }, { k: 'x', v: 3, tag: 'b' }, { k: 'x', v: 9, tag: 'c' }];
  const byK = (r: { k: string }) => r.k;
  assert.deepEqual(run('min', 'v', byK, rows).at(-1), { k: 'x', v: 3, tag: 'a' });
  assert.deepEqual(run('max', 'v', byK, rows).at(-1), { k: 'x', v: 9, tag: 'a' });
  assert.deepEqual(run('minBy', 'v', byK, rows).at(-1), { k: 'x', v: 3, tag: 'b' });
  assert.deepEqual(run('maxBy', 'v', byK, rows).at(-1), { k: 'x', v: 9, tag: 'c' });
});

test('composite keys are separate state', () => {
  const out = run('sum', 2, (t: [string, number, number]) => [t[0], t[1]], [['a', 1, 1], ['a', 2, 1], ['a', 1, 1]]);
  assert.deepEqual(out.map((r) => (r as number[])[2]), [1, 1, 2]);
});

test('sum state is private: neither inputs nor emitted records share it', () => {
  const inputs: [string, number][] = [['a', 1], ['a', 2], ['a', 4]];
  const out: unknown[] = [];
  const op = new KeyedAggregationOperator('sum', 1, (t) => (t as [string, number])[0], {
    collect: (r) => {
      out.push([...(r as unknown[])]);
      (r as unknown[])[1] = -100; // a downstream that mutates what it gets
    },
  });
  for (const r of inputs) op.processElement(r);
  assert.deepEqual(out, [['a', 1], ['a', 3], ['a', 7]]);
  assert.deepEqual(inputs, [['a', 1], ['a', 2], ['a', 4]]);
});
