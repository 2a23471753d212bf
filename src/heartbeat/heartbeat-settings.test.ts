import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Configuration } from '../common/config/configuration.js';
import { heartbeatSettings } from './heartbeat-settings.js';

test('heartbeat settings are read from the heartbeat keys, with Flink defaults', () => {
  assert.deepEqual(heartbeatSettings(new Configuration()), { intervalMs: 10_000, timeoutMs: 50_000, rpcFailureThreshold: 2 });
  const config = Configuration.fromDynamicProperties(['heartbeat.interval=500 ms', 'heartbeat.timeout=500 ms', 'heartbeat.rpc-failure-threshold=-1']);
  assert.deepEqual(heartbeatSettings(config), { intervalMs: 500, timeoutMs: 500, rpcFailureThreshold: -1 });
});

test('combinations that cannot work are rejected, naming the key', () => {
  for (const [props, key] of [
    [['heartbeat.interval=0 ms'], /'heartbeat\.interval'.*larger than 0/],
    [['heartbeat.interval=10 s', 'heartbeat.timeout=5 s'], /'heartbeat\.timeout'.*\(5000 ms\) must be at least 'heartbeat\.interval' \(10000 ms\)/],
    [['heartbeat.rpc-failure-threshold=0'], /'heartbeat\.rpc-failure-threshold'/],
  ] as const) {
    assert.throws(() => heartbeatSettings(Configuration.fromDynamicProperties(props)), { code: 'INVALID_CONFIG', message: key });
  }
});
