/** DataGeneratorSource at run time: index ranges per subtask, rate limiting, stopping. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runGeneratorSource } from './generator-source.js';
import { RateLimiter } from './rate-limiter.js';
import type { SourceContext } from './sources.js';

function context(subtaskIndex: number, parallelism: number, out: unknown[], pause: () => Promise<boolean> = async () => true): SourceContext {
  return { output: { collect: (r) => out.push(r) }, subtaskIndex, parallelism, pause, splits: [{ index: subtaskIndex, parallelism }], setPositionProvider: () => undefined };
}

test('the indices are split into contiguous ranges, one per subtask, covering each index once', async () => {
  for (const [count, parallelism] of [[10, 3], [10_000, 4], [2, 5], [0, 2]] as const) {
    const all: number[] = [];
    for (let i = 0; i < parallelism; i++) {
      const out: number[] = [];
      await runGeneratorSource({ type: 'generator', generator: (index: number) => index, count }, context(i, parallelism, out));
      for (let k = 1; k < out.length; k++) assert.equal(out[k], out[k - 1]! + 1, 'contiguous');
      all.push(...out);
    }
    assert.deepEqual(all, Array.from({ length: count }, (_, i) => i));
  }
});

test('a generator object (Flink\'s GeneratorFunction shape) works like a function', async () => {
  const out: string[] = [];
  await runGeneratorSource({ type: 'generator', generator: { map: (i: number) => `event-${i}` }, count: 3 }, context(0, 1, out));
  assert.deepEqual(out, ['event-0', 'event-1', 'event-2']);
});

test('an unbounded source runs until pause() says stop; subtasks start at their range of 0..2^53', async () => {
  const out: number[] = [];
  let pauses = 0;
  await runGeneratorSource({ type: 'generator', generator: (i: number) => i, count: Infinity }, context(1, 2, out, async () => ++pauses < 3));
  assert.equal(out[0], 2 ** 52);
  assert.equal(out.length, 3 * 4096);
});

test('the rate limiter grants one record per 1/rate seconds, saving at most one second', () => {
  let now = 0;
  const limiter = new RateLimiter(10, () => now);
  assert.equal(limiter.take(100), 1, 'the first record goes at once');
  assert.equal(limiter.take(100), 0);
  assert.equal(limiter.delayMs(), 100);
  now = 250;
  assert.equal(limiter.take(100), 2);
  now = 1000;
  assert.equal(limiter.take(3), 3, 'never more than asked');
  assert.equal(limiter.take(100), 5, 'records 0..10 are due by t=1s');
  now = 60_000;
  assert.equal(limiter.take(1000), 10, 'a long pause saves up one second only');
  assert.equal(limiter.take(1000), 0);
});

test('a rate-limited source never emits more than its share of the rate', async () => {
  const out: number[] = [];
  const perSecond = 400;
  const parallelism = 2;
  const started = performance.now();
  let elapsed = 0;
  await runGeneratorSource(
    { type: 'generator', generator: (i: number) => i, count: Infinity, recordsPerSecond: perSecond },
    context(0, parallelism, out, async () => (elapsed = performance.now() - started) < 150),
  );
  const allowed = Math.floor((elapsed * perSecond) / parallelism / 1000) + 1;
  assert.ok(out.length >= 1 && out.length <= allowed, `${out.length} records in ${elapsed.toFixed(0)} ms, at most ${allowed} allowed`);
});
