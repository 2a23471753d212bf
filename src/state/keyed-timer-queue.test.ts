/** The keyed timer queue: timestamp order, one timer per key and time, deletion, key context. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeapKeyedStateBackend } from './heap-keyed-state-backend.js';
import { KeyedTimerQueue } from './keyed-timer-queue.js';

function setup(): { backend: HeapKeyedStateBackend; queue: KeyedTimerQueue; add(key: unknown, t: number): boolean; drain(now: number): [unknown, number][] } {
  const backend = new HeapKeyedStateBackend(128, { start: 0, end: 127 });
  const queue = new KeyedTimerQueue(backend);
  return {
    backend,
    queue,
    add: (key, t) => (backend.setCurrentKey(key), queue.add(t)),
    drain: (now) => {
      const fired: [unknown, number][] = [];
      for (let t = queue.pollDue(now); t; t = queue.pollDue(now)) fired.push([backend.getCurrentKey(), t.timestamp]);
      return fired;
    },
  };
}

test('timers are polled in timestamp order (registration order on ties), only when due', () => {
  const { add, drain, queue } = setup();
  const times = [50, 10, 40, 10, 30, 20, 60, 5];
  times.forEach((t, i) => add(`k${i}`, t));
  assert.equal(queue.peek()!.timestamp, 5);
  assert.deepEqual(drain(30), [['k7', 5], ['k1', 10], ['k3', 10], ['k5', 20], ['k4', 30]]);
  assert.deepEqual(drain(100), [['k2', 40], ['k0', 50], ['k6', 60]]);
  assert.equal(queue.size, 0);
});

test('one timer per key and timestamp; another key may have the same time', () => {
  const { add, drain } = setup();
  assert.equal(add('a', 10), true);
  assert.equal(add('a', 10), false);
  assert.equal(add(['a', 1], 10), true);
  assert.equal(add(['a', 1], 10), false, 'composite keys dedup by value');
  assert.equal(add('b', 10), true);
  assert.deepEqual(drain(10), [['a', 10], [['a', 1], 10], ['b', 10]]);
  assert.equal(add('a', 10), true, 'a fired timer can be registered again');
});

test('deleting removes only that key\'s timer at that time', () => {
  const { backend, add, drain, queue } = setup();
  for (let t = 1; t <= 20; t++) add(t % 2 === 0 ? 'even' : 'odd', t);
  backend.setCurrentKey('even');
  for (const t of [2, 8, 20, 3]) queue.delete(t);
  backend.setCurrentKey('odd');
  queue.delete(9);
  const fired = drain(100);
  assert.deepEqual(fired.map(([, t]) => t), [1, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
});

test('clear drops every timer', () => {
  const { add, drain, queue } = setup();
  add('a', 1);
  add('b', 2);
  queue.clear();
  assert.deepEqual(drain(10), []);
  assert.equal(add('a', 1), true);
});

test('random adds and deletes fire exactly the remaining timers, in order', () => {
  const { backend, add, drain, queue } = setup();
  let seed = 42;
  const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  const expected = new Map<string, [string, number]>();
  for (let i = 0; i < 2000; i++) {
    const key = `k${random(20)}`;
    const t = random(500);
    if (random(3) === 0) {
      backend.setCurrentKey(key);
      queue.delete(t);
      expected.delete(`${key}@${t}`);
    } else {
      add(key, t);
      if (!expected.has(`${key}@${t}`)) expected.set(`${key}@${t}`, [key, t]);
    }
  }
  const fired = drain(1000);
  assert.equal(fired.length, expected.size);
  assert.deepEqual(new Set(fired.map(([k, t]) => `${String(k)}@${t}`)), new Set(expected.keys()));
  for (let i = 1; i < fired.length; i++) assert.ok(fired[i - 1]![1] <= fired[i]![1], 'timestamp order');
});
