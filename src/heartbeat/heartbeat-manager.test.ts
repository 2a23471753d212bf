import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeartbeatManager } from './heartbeat-manager.js';
import { ManualClock } from './test-manual-clock.js';

function receiver(timeoutMs = 1000) {
  const clock = new ManualClock();
  const timedOut: string[] = [];
  const reported: [string, number][] = [];
  const manager = new HeartbeatManager<number, string>({
    timeoutMs,
    clock,
    listener: {
      notifyHeartbeatTimeout: (id) => timedOut.push(id),
      reportPayload: (id, payload) => reported.push([id, payload]),
      retrievePayload: (id) => `answer to ${id}`,
    },
  });
  return { clock, manager, timedOut, reported };
}

test('a silent target times out once, after the timeout, and is forgotten', () => {
  const { clock, manager, timedOut } = receiver();
  manager.monitorTarget('a');
  clock.advance(999);
  assert.deepEqual(timedOut, []);
  clock.advance(1);
  assert.deepEqual(timedOut, ['a']);
  assert.equal(manager.lastHeartbeatFrom('a'), undefined, 'no longer monitored');
  clock.advance(10_000);
  assert.deepEqual(timedOut, ['a']);
  assert.equal(clock.pending, 0);
});

test('each silent target times out on its own', () => {
  const { clock, manager, timedOut } = receiver();
  manager.monitorTarget('a');
  clock.advance(500);
  manager.monitorTarget('b');
  manager.monitorTarget('a'); // already monitored: its timeout does not start over
  clock.advance(500);
  assert.deepEqual(timedOut, ['a']);
  clock.advance(500);
  assert.deepEqual(timedOut, ['a', 'b']);
});

test('a heartbeat resets the timeout and delivers its payload', () => {
  const { clock, manager, timedOut, reported } = receiver();
  manager.monitorTarget('a');
  clock.advance(800);
  assert.equal(manager.receiveHeartbeat('a', 7), true);
  assert.equal(manager.lastHeartbeatFrom('a'), clock.now());
  clock.advance(800);
  assert.deepEqual(timedOut, []);
  clock.advance(200);
  assert.deepEqual(timedOut, ['a']);
  assert.deepEqual(reported, [['a', 7]]);
});

test('a heartbeat request is recorded and answered with the listener payload; unknown origins are ignored', () => {
  const { clock, manager, timedOut, reported } = receiver();
  manager.monitorTarget('a');
  clock.advance(900);
  assert.equal(manager.requestHeartbeat('a', 3), 'answer to a');
  assert.equal(manager.requestHeartbeat('stranger', 4), undefined);
  assert.equal(manager.receiveHeartbeat('stranger', 5), false);
  clock.advance(900);
  assert.deepEqual(timedOut, []);
  assert.deepEqual(reported, [['a', 3]]);
});

test('an empty payload is not reported', () => {
  const { manager, reported } = receiver();
  manager.monitorTarget('a');
  manager.receiveHeartbeat('a', undefined as unknown as number);
  assert.deepEqual(reported, []);
});

test('an unmonitored target never times out, and can be monitored afresh', () => {
  const { clock, manager, timedOut } = receiver();
  manager.monitorTarget('a');
  clock.advance(900);
  manager.unmonitorTarget('a');
  assert.equal(clock.pending, 0);
  clock.advance(5000);
  assert.deepEqual(timedOut, []);
  manager.monitorTarget('a');
  clock.advance(999);
  assert.deepEqual(timedOut, []);
  clock.advance(1);
  assert.deepEqual(timedOut, ['a']);
});

test('stop clears every timer and ignores later targets', () => {
  const { clock, manager, timedOut } = receiver();
  manager.monitorTarget('a');
  manager.monitorTarget('b');
  manager.stop();
  assert.equal(clock.pending, 0);
  manager.monitorTarget('c');
  assert.equal(clock.pending, 0);
  clock.advance(5000);
  assert.deepEqual(timedOut, []);
});
