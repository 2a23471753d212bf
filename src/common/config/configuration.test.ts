import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration } from './configuration.js';
import { CoreOptions, HeartbeatOptions, HighAvailabilityOptions, RestOptions, WebOptions } from './options.js';

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
