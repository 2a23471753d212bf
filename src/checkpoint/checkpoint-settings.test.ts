import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Configuration } from '../common/config/configuration.js';
import { checkpointSettings } from './checkpoint-settings.js';

const settings = (entries: Record<string, string>) => checkpointSettings(new Configuration(Object.entries(entries)));

test('no interval (or 0) means no periodic checkpoints, with the other settings still read for savepoints', () => {
  assert.equal(settings({}).interval, 0);
  assert.equal(settings({ 'execution.checkpointing.interval': '0', 'execution.checkpointing.timeout': '1 min' }).timeout, 60_000);
});

test('the savepoint directory is read with Flink 1.x\'s key as fallback, and absent when unset', () => {
  assert.equal(settings({}).savepointDirectory, undefined);
  assert.equal(settings({ 'state.savepoints.dir': '/b' }).savepointDirectory, '/b');
  assert.equal(settings({ 'execution.checkpointing.savepoint-dir': '/a', 'state.savepoints.dir': '/b' }).savepointDirectory, '/a');
});

test('every key is read, with Flink\'s forms and fallback keys; the directory defaults to the temporary directory', () => {
  assert.deepEqual(settings({
    'execution.checkpointing.interval': '1 s', 'execution.checkpointing.mode': 'at_least_once', 'execution.checkpointing.timeout': '1 min',
    'execution.checkpointing.min-pause': '500 ms', 'execution.checkpointing.max-concurrent-checkpoints': '2',
    'execution.checkpointing.tolerable-failed-checkpoints': '3', 'state.checkpoints.num-retained': '4',
    'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION', 'state.checkpoints.dir': '/data/chk',
  }), {
    interval: 1000, mode: 'AT_LEAST_ONCE', timeout: 60_000, minPause: 500, maxConcurrent: 2, tolerableFailures: 3, numRetained: 4,
    retention: 'RETAIN_ON_CANCELLATION', directory: '/data/chk',
  });
  const defaults = settings({ 'execution.checkpointing.interval': '10' });
  assert.equal(defaults.retention, 'DELETE_ON_CANCELLATION');
  assert.equal(defaults.directory, join(tmpdir(), 'sluice-checkpoints'));
  assert.equal(settings({ 'execution.checkpointing.interval': '10', 'execution.checkpointing.dir': '/a', 'state.checkpoints.dir': '/b' }).directory, '/a');
});

test('bad values are INVALID_CONFIG naming the key: interval below 10 ms, a zero or negative timeout, an unknown retention', () => {
  for (const [entries, key] of [
    [{ 'execution.checkpointing.interval': '5 ms' }, 'execution.checkpointing.interval'],
    [{ 'execution.checkpointing.interval': '-1' }, 'execution.checkpointing.interval'],
    [{ 'execution.checkpointing.interval': '1 s', 'execution.checkpointing.timeout': '0' }, 'execution.checkpointing.timeout'],
    [{ 'execution.checkpointing.interval': '1 s', 'execution.checkpointing.timeout': '-5 s' }, 'execution.checkpointing.timeout'],
    [{ 'execution.checkpointing.interval': '1 s', 'execution.checkpointing.max-concurrent-checkpoints': '0' }, 'execution.checkpointing.max-concurrent-checkpoints'],
    [{ 'execution.checkpointing.interval': '1 s', 'execution.checkpointing.externalized-checkpoint-retention': 'KEEP' }, 'execution.checkpointing.externalized-checkpoint-retention'],
  ] as const) {
    assert.throws(() => settings(entries), (err: Error & { code?: string }) => err.code === 'INVALID_CONFIG' && err.message.includes(`'${key}'`), JSON.stringify(entries));
  }
});
