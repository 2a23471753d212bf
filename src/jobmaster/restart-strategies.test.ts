import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Configuration } from '../common/config/configuration.js';
import { createRestartStrategy } from './restart-strategies.js';

const config = (entries: Record<string, string>): Configuration => new Configuration(Object.entries(entries));

/** Records failures at the given times and says after each whether a restart is allowed. */
function restarts(entries: Record<string, string>, times: number[], checkpointing = false): boolean[] {
  const s = createRestartStrategy(config(entries), checkpointing, () => 0.5);
  return times.map((t) => (s.notifyFailure(t), s.canRestart()));
}

test('without a type: no restarts, or exponential delay when the job checkpoints (as Flink)', () => {
  assert.deepEqual(restarts({}, [0]), [false]);
  assert.deepEqual(restarts({}, [0, 1, 2], true), [true, true, true]);
  for (const type of ['none', 'off', 'disable']) assert.deepEqual(restarts({ 'restart-strategy.type': type }, [0]), [false]);
});

test('fixed-delay: attempts restarts, each after the delay', () => {
  assert.deepEqual(restarts({ 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': '2' }, [0, 1, 2]), [true, true, false]);
  const s = createRestartStrategy(config({ 'restart-strategy': 'fixeddelay', 'restart-strategy.fixed-delay.delay': '3 s' }), false);
  s.notifyFailure(0);
  assert.equal(s.backoffTimeMs(), 3000);
  assert.ok(s.canRestart(), 'one attempt by default');
});

test('failure-rate: at most max-failures-per-interval restarts within the interval', () => {
  const rate = { 'restart-strategy.type': 'failure-rate', 'restart-strategy.failure-rate.max-failures-per-interval': '2', 'restart-strategy.failure-rate.failure-rate-interval': '10 s' };
  assert.deepEqual(restarts(rate, [0, 1000, 2000]), [true, true, false]);
  // Failures spread out further than the interval never add up.
  assert.deepEqual(restarts(rate, [0, 6000, 12_000, 18_000, 24_000]), [true, true, true, true, true]);
});

test('exponential-delay: grows by the multiplier up to the maximum, resets after a quiet period', () => {
  const s = createRestartStrategy(config({
    'restart-strategy.type': 'exponential-delay',
    'restart-strategy.exponential-delay.initial-backoff': '100 ms',
    'restart-strategy.exponential-delay.backoff-multiplier': '2',
    'restart-strategy.exponential-delay.max-backoff': '500 ms',
    'restart-strategy.exponential-delay.reset-backoff-threshold': '1 min',
    'restart-strategy.exponential-delay.jitter-factor': '0',
  }), false);
  const delays = [0, 1, 2, 3, 4].map((t) => (s.notifyFailure(t), s.backoffTimeMs()));
  assert.deepEqual(delays, [100, 200, 400, 500, 500]);
  s.notifyFailure(10 * 60_000);
  assert.equal(s.backoffTimeMs(), 100, 'reset after the threshold');
  const limited = { 'restart-strategy.type': 'exponential-delay', 'restart-strategy.exponential-delay.attempts-before-reset-backoff': '2' };
  assert.deepEqual(restarts(limited, [0, 1, 2]), [true, true, false]);
});

test('jitter stays within the factor', () => {
  const make = (r: number) => {
    const s = createRestartStrategy(config({ 'restart-strategy.type': 'exponential-delay', 'restart-strategy.exponential-delay.initial-backoff': '1 s', 'restart-strategy.exponential-delay.jitter-factor': '0.1' }), false, () => r);
    s.notifyFailure(0);
    return s.backoffTimeMs();
  };
  assert.deepEqual([make(0), make(0.5), make(0.999999)], [900, 1000, 1100]);
});

test('bad values are rejected naming the key', () => {
  assert.throws(() => createRestartStrategy(config({ 'restart-strategy.type': 'sometimes' }), false), /restart-strategy\.type/);
  assert.throws(() => createRestartStrategy(config({ 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': '-1' }), false), /restart-strategy\.fixed-delay\.attempts/);
  assert.throws(() => createRestartStrategy(config({ 'restart-strategy.type': 'exponential-delay', 'restart-strategy.exponential-delay.backoff-multiplier': 'x' }), false), /backoff-multiplier/);
});
