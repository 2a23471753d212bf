import { test } from 'node:test';
import assert from 'node:assert/strict';
import { END_OF_PARTITION, EventType, SnapshotKind, type TaskEvent } from './events.js';
import type { OutputChannel } from './output-channel.js';
import { INITIAL_CREDIT, ResultPartition } from './result-partition.js';

/** A channel that writes what it sends as `c:records` or `c:<event type>`, for channel `c`. */
function recordingChannel(c: number, sent: string[], onBatch?: () => void): OutputChannel {
  return {
    taskManagerId: 'tm',
    sendBatch: (records) => (sent.push(`${c}:${records.join(',')}`), onBatch?.(), 10),
    sendEvent: (event: TaskEvent) => (sent.push(`${c}:${event.type === EventType.END_OF_PARTITION ? 'END' : `E${event.type}`}`), 2),
  };
}

function recordingPartition(channels: number) {
  const sent: string[] = [];
  let available = 0;
  const partition = new ResultPartition(Array.from({ length: channels }, (_, c) => recordingChannel(c, sent)));
  partition.setAvailabilityListener(() => available++);
  return { partition, sent, availableCalls: () => available };
}

test('batches within the initial credit go out at once', () => {
  const { partition, sent } = recordingPartition(2);
  for (let i = 0; i < INITIAL_CREDIT; i++) partition.emitBatch(0, [i]);
  assert.equal(sent.length, INITIAL_CREDIT);
  assert.equal(partition.isAvailable, true);
  assert.equal(partition.numBytesOut, INITIAL_CREDIT * 10, 'the channels\' encoded sizes add up');
});

test('without credit batches wait, the partition is unavailable, and credit releases them in order', () => {
  const { partition, sent, availableCalls } = recordingPartition(2);
  for (let i = 0; i < INITIAL_CREDIT + 2; i++) partition.emitBatch(0, [i]);
  partition.emitEvent(0, END_OF_PARTITION);
  partition.emitBatch(1, ['x']);
  assert.equal(partition.isAvailable, false);
  assert.deepEqual(sent.slice(-1), ['1:x']);
  partition.addCredit(0, 1);
  assert.equal(partition.isAvailable, false);
  partition.addCredit(0, 1);
  assert.equal(partition.isAvailable, true);
  assert.equal(availableCalls(), 1);
  assert.deepEqual(sent.filter((s) => s.startsWith('0:')).slice(-3), [`0:${INITIAL_CREDIT}`, `0:${INITIAL_CREDIT + 1}`, '0:END']);
});

test('an event keeps its place behind waiting batches, takes no credit, and goes out at once on an empty backlog', () => {
  const { partition, sent } = recordingPartition(1);
  const barrier: TaskEvent = { type: EventType.CHECKPOINT_BARRIER, checkpointId: 1, timestamp: 5, kind: SnapshotKind.CHECKPOINT };
  partition.emitEvent(0, barrier);
  assert.deepEqual(sent, ['0:E2'], 'nothing waits: the event leaves without credit');
  for (let i = 0; i < INITIAL_CREDIT + 1; i++) partition.emitBatch(0, [i]);
  partition.emitEvent(0, barrier);
  partition.emitBatch(0, ['after']);
  assert.ok(!sent.includes(`0:${INITIAL_CREDIT}`));
  partition.addCredit(0, 1);
  assert.deepEqual(sent.slice(-2), [`0:${INITIAL_CREDIT}`, '0:E2'], 'the barrier followed its batch without credit of its own');
  assert.equal(partition.isAvailable, false, 'the batch behind the barrier still waits for credit');
  partition.addCredit(0, 1);
  assert.deepEqual(sent.slice(-1), ['0:after']);
  assert.equal(partition.isAvailable, true);
});

test('a re-entrant flush releases the backlog and becomes available exactly once', () => {
  let partition!: ResultPartition;
  let grant = false;
  let available = 0;
  const sent: string[] = [];
  partition = new ResultPartition([recordingChannel(0, sent, () => grant && partition.addCredit(0, 1))]);
  partition.setAvailabilityListener(() => available++);
  for (let i = 0; i < INITIAL_CREDIT + 3; i++) partition.emitBatch(0, [i]);
  assert.equal(partition.isAvailable, false);
  grant = true;
  partition.addCredit(0, 1);
  assert.deepEqual(sent, ['0:0', '0:1', '0:2', '0:3', '0:4', '0:5', '0:6']);
  assert.equal(partition.isAvailable, true);
  assert.equal(available, 1);
  grant = false;
  for (let i = 0; i < 10; i++) partition.emitBatch(0, [i]);
  assert.equal(partition.isAvailable, false, 'blocked again once credit runs out (the counter did not go negative)');
});

test('a channel counts as open towards its TaskManager until its end of partition', () => {
  const partition = new ResultPartition([{ ...recordingChannel(0, []), taskManagerId: 'a' }, undefined, { ...recordingChannel(2, []), taskManagerId: 'b' }]);
  assert.equal(partition.hasOpenChannelTo('b'), true);
  partition.emitEvent(2, END_OF_PARTITION);
  assert.equal(partition.hasOpenChannelTo('b'), false);
  assert.equal(partition.hasOpenChannelTo('a'), true);
});
