import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as settle } from 'node:timers/promises';
import { HeartbeatManagerSender } from './heartbeat-manager-sender.js';
import { ManualClock } from './test-manual-clock.js';

/** A peer whose answers the test decides: each request waits until answered or failed. */
class FakeTarget {
  readonly requests: string[] = [];
  private pending: { resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
  constructor(readonly address: string) {}
  requestHeartbeat(payload: string): Promise<number> {
    this.requests.push(payload);
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }
  answer(value: number): void {
    for (const p of this.pending.splice(0)) p.resolve(value);
  }
  fail(message = 'connection refused'): void {
    for (const p of this.pending.splice(0)) p.reject(new Error(message));
  }
}

function sender(rpcFailureThreshold = 2, retryAfterFailureMs = 0) {
  const clock = new ManualClock();
  const events: string[] = [];
  const manager = new HeartbeatManagerSender<number, string, FakeTarget>({
    intervalMs: 100,
    timeoutMs: 1000,
    rpcFailureThreshold,
    retryAfterFailureMs,
    clock,
    listener: {
      notifyHeartbeatTimeout: (id) => events.push(`timeout ${id}`),
      notifyTargetUnreachable: (id, cause, n) => events.push(`unreachable ${id} after ${n}: ${(cause as Error).message}`),
      reportPayload: (id, payload) => events.push(`payload ${id} ${payload}`),
      retrievePayload: (id) => `to ${id}`,
    },
  });
  return { clock, manager, events };
}

test('requests go out every interval with the listener payload, one in flight per target', async () => {
  const { clock, manager } = sender();
  const a = new FakeTarget('x');
  manager.monitorTarget('a', a);
  clock.advance(99);
  assert.deepEqual(a.requests, []);
  clock.advance(1);
  assert.deepEqual(a.requests, ['to a']);
  clock.advance(300);
  assert.equal(a.requests.length, 1, 'no second request while the first is unanswered');
  a.answer(1);
  await settle();
  clock.advance(100);
  assert.equal(a.requests.length, 2);
  manager.stop();
});

test('answers are heartbeats: they keep the target alive and deliver their payload', async () => {
  const { clock, manager, events } = sender();
  const a = new FakeTarget('x');
  manager.monitorTarget('a', a);
  for (let i = 0; i < 30; i++) {
    clock.advance(100);
    a.answer(i);
    await settle();
  }
  assert.equal(events.filter((e) => e.startsWith('timeout')).length, 0);
  assert.equal(events.at(-1), 'payload a 29');
  manager.stop();
});

test('a target that stops answering times out once and is no longer asked', async () => {
  const { clock, manager, events } = sender();
  const a = new FakeTarget('x');
  const b = new FakeTarget('y');
  manager.monitorTarget('a', a);
  manager.monitorTarget('b', b);
  for (let i = 0; i < 12; i++) {
    clock.advance(100);
    b.answer(i);
    await settle();
  }
  assert.deepEqual(events.filter((e) => !e.startsWith('payload')), ['timeout a']);
  const asked = a.requests.length;
  a.answer(5); // a late answer to a forgotten target is ignored
  await settle();
  clock.advance(2000);
  assert.equal(a.requests.length, asked);
  assert.deepEqual(events.filter((e) => e === 'timeout a' || e === 'payload a 5'), ['timeout a']);
  manager.stop();
});

test('failed requests in a row up to the threshold make the target unreachable, once', async () => {
  const { clock, manager, events } = sender(2);
  const a = new FakeTarget('x');
  manager.monitorTarget('a', a);
  clock.advance(100);
  a.fail();
  await settle();
  assert.deepEqual(events, []);
  clock.advance(100);
  a.fail('gone');
  await settle();
  assert.deepEqual(events, ['unreachable a after 2: gone']);
  clock.advance(5000);
  assert.deepEqual(events, ['unreachable a after 2: gone']);
  assert.equal(clock.pending, 0);
});

test('an answer resets the failure count; threshold -1 leaves it to the timeout', async () => {
  const counted = sender(2);
  const a = new FakeTarget('x');
  counted.manager.monitorTarget('a', a);
  for (const outcome of ['fail', 'answer', 'fail', 'answer']) {
    counted.clock.advance(100);
    if (outcome === 'fail') a.fail();
    else a.answer(1);
    await settle();
  }
  assert.deepEqual(counted.events.filter((e) => !e.startsWith('payload')), []);
  counted.manager.stop();

  const off = sender(-1);
  const b = new FakeTarget('y');
  off.manager.monitorTarget('b', b);
  for (let i = 0; i < 10; i++) {
    off.clock.advance(100);
    b.fail();
    await settle();
  }
  assert.deepEqual(off.events, ['timeout b']);
});

test('after a failure below the threshold the target is asked again after the retry delay', async () => {
  const { clock, manager, events } = sender(2, 10);
  const a = new FakeTarget('x');
  manager.monitorTarget('a', a);
  clock.advance(100);
  a.fail();
  await settle();
  clock.advance(10);
  assert.equal(a.requests.length, 2);
  a.fail();
  await settle();
  assert.deepEqual(events, ['unreachable a after 2: connection refused']);
});

test('a target that throws instead of rejecting counts as a failed request', async () => {
  const { clock, manager, events } = sender(1);
  manager.monitorTarget('a', { address: 'x', requests: [], requestHeartbeat: () => { throw new Error('no connection'); } } as unknown as FakeTarget);
  clock.advance(100);
  await settle();
  assert.deepEqual(events, ['unreachable a after 1: no connection']);
});

test('requestHeartbeatsNow asks the selected targets at once', () => {
  const { manager } = sender();
  const a = new FakeTarget('x');
  const b = new FakeTarget('y');
  manager.monitorTarget('a', a);
  manager.monitorTarget('b', b);
  manager.requestHeartbeatsNow((t) => t.address === 'y');
  assert.deepEqual([a.requests.length, b.requests.length], [0, 1]);
  manager.stop();
});

test('unmonitor stops requests and the timeout; the interval timer ends with the last target', async () => {
  const { clock, manager, events } = sender();
  const a = new FakeTarget('x');
  manager.monitorTarget('a', a);
  clock.advance(100);
  manager.unmonitorTarget('a');
  a.fail();
  await settle();
  clock.advance(100);
  assert.equal(clock.pending, 0);
  clock.advance(5000);
  assert.equal(a.requests.length, 1);
  assert.deepEqual(events, []);
});

test('stop clears every timer, pending retries included, and ignores later targets', async () => {
  const { clock, manager, events } = sender(3, 50);
  const a = new FakeTarget('x');
  manager.monitorTarget('a', a);
  manager.monitorTarget('b', new FakeTarget('y'));
  clock.advance(100);
  a.fail();
  await settle();
  manager.stop();
  assert.equal(clock.pending, 0);
  manager.monitorTarget('c', new FakeTarget('z'));
  assert.equal(clock.pending, 0);
  clock.advance(5000);
  assert.deepEqual(events, []);
});
