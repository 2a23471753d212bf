/**
 * Records pass by reference, never copied, between operators of one task: what README.md's "What
 * a user function may mutate" says and `/jobs/:id/config` reports as `object-reuse-mode: true`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FilterOperator, MapOperator } from './basic-operators.js';
import { KeyedAggregationOperator, KeyedReduceOperator } from './keyed-operators.js';
import { RecordWriter, ResultPartition } from '../network/index.js';
import { BroadcastingOutput } from './broadcasting-output.js';
import type { Output } from './stream-operator.js';
import { HeapKeyedStateBackend } from '../state/heap-keyed-state-backend.js';

type Row = { k: string; n: number };

function collecting(): Output & { records: unknown[] } {
  const records: unknown[] = [];
  return { records, collect: (r) => records.push(r) };
}

test('a chained operator gets the very object the one before it emitted', () => {
  const sink = collecting();
  const seenByMap: unknown[] = [];
  const map = new MapOperator((r: Row) => (seenByMap.push(r), r), sink);
  // As StreamTask chains them: the next operator's processElement is the output.
  const filter = new FilterOperator(() => true, { collect: (r) => map.processElement(r) });
  const row = { k: 'a', n: 1 };
  filter.processElement(row);
  assert.equal(seenByMap[0], row);
  assert.equal(sink.records[0], row);
});

test('one stream feeding several operators gives each the same object', () => {
  const a = collecting();
  const b = collecting();
  const row = { k: 'a', n: 1 };
  new BroadcastingOutput([a, b]).collect(row);
  assert.equal(a.records[0], row);
  assert.equal(b.records[0], row);
});

test('a batch holds references until it is sent: a record changed after collect() is sent changed', () => {
  const sent: unknown[][] = [];
  const writer = new RecordWriter(() => 0, new ResultPartition([{ taskManagerId: 'tm', sendBatch: (records) => (sent.push(records), 0), sendEvent: () => 0 }]), [0], 8);
  const row = { k: 'a', n: 1 };
  writer.collect(row);
  row.n = 2;
  writer.flushAll();
  assert.deepEqual(sent, [[{ k: 'a', n: 2 }]]);
});

test('reduce emits the object it keeps as the key\'s state (the first record too); minBy keeps the input record; sum emits copies', () => {
  const reduced = collecting();
  const reduce = new KeyedReduceOperator((a: Row, b: Row) => ({ k: a.k, n: a.n + b.n }), (r) => (r as Row).k, reduced);
  const first = { k: 'a', n: 1 };
  reduce.processElement(first);
  reduce.processElement({ k: 'a', n: 2 });
  assert.equal(reduced.records[0], first, 'the first record is emitted as it came');
  (reduced.records[1] as Row).n = 100;
  reduce.processElement({ k: 'a', n: 1 });
  assert.deepEqual(reduced.records[2], { k: 'a', n: 101 }, 'changing an emitted record changed the state');

  const minBy = collecting();
  const low = { k: 'a', n: 1 };
  const op = new KeyedAggregationOperator('minBy', 'n', (r) => (r as Row).k, minBy);
  op.processElement(low);
  op.processElement({ k: 'a', n: 5 });
  assert.equal(minBy.records[1], low);

  const summed = collecting();
  const sum = new KeyedAggregationOperator('sum', 'n', (r) => (r as Row).k, summed);
  const input = { k: 'a', n: 1 };
  sum.processElement(input);
  assert.notEqual(summed.records[0], input);
});

test('keyed state holds the objects it is given: value() is the stored object itself', () => {
  const backend = new HeapKeyedStateBackend(128, { start: 0, end: 127 });
  const state = backend.getValueState<Row>('row', undefined);
  backend.setCurrentKey('a');
  const row = { k: 'a', n: 1 };
  state.update(row);
  row.n = 2;
  assert.equal(state.value(), row);
  state.value()!.n = 3;
  assert.deepEqual(state.value(), { k: 'a', n: 3 });
});
