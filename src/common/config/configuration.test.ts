import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Configuration } from './configuration.js';
import { CoreOptions, HeartbeatOptions, HighAvailabilityOptions, RestOptions, TaskManagerOptions, WebOptions } from './options.js';

test('typed values with Flink\'s units and defaults', () => {
  const c = Configuration.fromDynamicProperties(['heartbeat.interval=5 s', 'web.upload.max-size=10 mb', 'rest.port=9000']);
  assert.equal(c.get(HeartbeatOptions.INTERVAL), 5000);
  assert.equal(c.get(WebOptions.UPLOAD_MAX_SIZE), 10 * 1024 * 1024);
  assert.equal(c.get(RestOptions.PORT), 9000);
  assert.equal(c.get(CoreOptions.DEFAULT_PARALLELISM), 1);
});

test('a bad value fails naming the key', () => {
  for (const [prop, key] of [['rest.port=abc', 'rest.port'], ['heartbeat.timeout=5 parsecs', 'heartbeat.timeout'], ['web.submit.enable=maybe', 'web.submit.enable']]) {
    const c = Configuration.fromDynamicProperties([prop!]);
    assert.throws(() => c.validate(), (err: Error) => err.message.includes(key!));
  }
  assert.throws(() => Configuration.fromDynamicProperties(['novalue']), /key=value/);
});

test('fallback keys and -D precedence', () => {
  const base = new Configuration([['high-availability', 'zookeeper'], ['rest.port', '1']]);
  const merged = base.merge(Configuration.fromDynamicProperties(['rest.port=2']));
  assert.equal(merged.get(HighAvailabilityOptions.TYPE), 'zookeeper');
  assert.equal(merged.get(RestOptions.PORT), 2);
});

test('keys accepted but not yet acted on: one warning each when set to another value than the default', () => {
  const c = Configuration.fromDynamicProperties([
    'high-availability=zookeeper', 'pipeline.object-reuse=true', 'execution.checkpointing.mode=AT_LEAST_ONCE',
    'execution.checkpointing.unaligned=true', 'execution.checkpointing.unaligned.enabled=false', 'state.checkpoints.dir=/tmp/chk', 'rest.port=9000',
  ]);
  // In declaration order; acted-on keys (mode, dir) and keys set to their default are no warning.
  assert.deepEqual(c.notYetActedOnWarnings(), [
    'pipeline.object-reuse is accepted, not yet acted on',
    'high-availability is accepted, not yet acted on',
  ]);
  assert.deepEqual(new Configuration().notYetActedOnWarnings(), []);
  assert.deepEqual(Configuration.fromDynamicProperties(['high-availability.type=NONE', 'pipeline.object-reuse=false']).notYetActedOnWarnings(), []);
});

test('taskmanager.numberOfTaskSlots has one default, Flink\'s 1; the shipped config sets 2 for npm start and says so', () => {
  assert.equal(TaskManagerOptions.NUM_TASK_SLOTS.defaultValue, 1);
  const shipped = readFileSync(new URL('../../../conf/config.yaml', import.meta.url), 'utf8');
  assert.equal(Configuration.fromYamlFile(fileURLToPath(new URL('../../../conf/config.yaml', import.meta.url))).get(TaskManagerOptions.NUM_TASK_SLOTS), 2);
  assert.match(shipped, /npm start.*\n.*default, as in Flink\)\.\ntaskmanager\.numberOfTaskSlots: 2\n/);
});
