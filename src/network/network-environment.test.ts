/** The per-worker network: the path each channel takes, early input, bad input, lost peers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import type { TaskDeploymentDescriptor, TaskLocation } from '../protocol/deployment.js';
import { encodeEvent } from './event-codec.js';
import { END_OF_PARTITION, EventType, SnapshotKind } from './events.js';
import type { InputBuffer, InputGate } from './input-gate.js';
import { NetworkEnvironment } from './network-environment.js';
import { encodeRecordBatch } from './record-batch-codec.js';
import type { DataMessage, Inbound, TaskMessage } from './task-messages.js';

const JOB = 'j';
const EDGE = '1-2';

function at(attempt: string, allocationId: string, taskManagerId = 'tm-a'): TaskLocation {
  return { executionAttemptId: attempt, allocationId, taskManagerId, dataAddress: { host: '127.0.0.1', port: 1 } };
}

/** A deployment of `self` with one all-to-all input edge from `producers` and one output edge to `consumers`. */
function tdd(self: TaskLocation, subtaskIndex: number, producers: TaskLocation[], consumers: TaskLocation[]): TaskDeploymentDescriptor {
  return {
    jobId: JOB, jobName: 'job', executionAttemptId: self.executionAttemptId, allocationId: self.allocationId, vertexId: 'v', taskName: 't',
    subtaskIndex, attemptNumber: 0, parallelism: 2, maxParallelism: 128, fingerprint: 'f', program: { blobKey: 'b', packageName: 'p', args: [] }, jobConfig: {},
    inputs: producers.length === 0 ? [] : [{ sourceVertexId: 'u', shipStrategy: 'REBALANCE', sourceNodeId: 1, targetNodeId: 2, numberOfProducers: producers.length, producers }],
    outputs: consumers.length === 0 ? [] : [{ targetVertexId: 'w', shipStrategy: 'REBALANCE', sourceNodeId: 2, targetNodeId: 3, consumers }],
  };
}

function environment() {
  const viaTaskManager: [TaskMessage, TaskLocation][] = [];
  const bad: { reason: string; origin?: Inbound }[] = [];
  const env = new NetworkEnvironment({
    sendThroughTaskManager: (msg, to) => viaTaskManager.push([msg, to]),
    reportBadInput: (_jobId, reason, origin) => bad.push({ reason, origin }),
  });
  return { env, viaTaskManager, bad };
}

function data(to: string, from: number, bytes: Uint8Array, edge = EDGE): DataMessage {
  return { t: 'data', jobId: JOB, to, toAllocation: 'slot-a', edge, from, bytes };
}

function drain(gate: InputGate): InputBuffer['payload'][] {
  const out: InputBuffer['payload'][] = [];
  for (let b = gate.pollNext(); b; b = gate.pollNext()) out.push(b.payload);
  return out;
}

test('input that comes before the deployment waits in the gate and is checked once the channels are known', () => {
  const { env, bad } = environment();
  const consumer = at('c', 'slot-a');
  env.deliver(data('c', 1, encodeRecordBatch(['x'])), { via: 7, peer: '10.0.0.2:5000' });
  env.deliver(data('c', 0, encodeRecordBatch(['y']), '9-9'), { via: 7, peer: '10.0.0.2:5000' });
  const { gate } = env.setUpTask(tdd(consumer, 0, [at('p0', 'slot-b', 'tm-b'), at('p1', 'slot-b', 'tm-b')], []), 0);
  assert.deepEqual(bad, [{ reason: 'Task c has no input edge 9-9', origin: { via: 7, peer: '10.0.0.2:5000' } }]);
  assert.deepEqual(drain(gate), [['x']]);
  assert.ok(gate.numBytesIn > 0, 'an encoded batch counts as bytes in');
});

test('bad input is reported with the connection it came on and dropped: not decodable, after the end of its channel', () => {
  const { env, bad } = environment();
  const { gate } = env.setUpTask(tdd(at('c', 'slot-a'), 0, [at('p0', 'slot-b', 'tm-b')], []), 0);
  env.deliver(data('c', 0, new Uint8Array([0xff])), { via: 3 });
  env.deliver(data('c', 0, encodeEvent(END_OF_PARTITION)));
  env.deliver(data('c', 0, encodeRecordBatch([1])), { via: 3 });
  assert.deepEqual(bad.map((b) => [b.origin?.via, b.reason.replace(/:.*/, '')]), [
    [3, 'A buffer for task c from producer 0 of edge 1-2 cannot be decoded'],
    [3, 'Input for task c from producer 0 of edge 1-2 after that channel ended'],
  ]);
  assert.deepEqual(drain(gate), [END_OF_PARTITION]);
  assert.equal(gate.isFinished, true);
});

test('a cancelled attempt drops its input, also what came before it was deployed', () => {
  const { env, bad } = environment();
  env.deliver(data('c', 0, encodeRecordBatch([1])));
  env.releaseTask('c', JOB, false);
  const { gate } = env.setUpTask(tdd(at('c', 'slot-a'), 0, [at('p0', 'slot-b', 'tm-b')], []), 0);
  env.deliver(data('c', 0, encodeRecordBatch([2])));
  assert.equal(gate.isAborted, true);
  assert.deepEqual(drain(gate), []);
  assert.deepEqual(bad, []);
});

test('channels within one slot hand objects over; credit comes back directly', () => {
  const { env, viaTaskManager } = environment();
  const producer = at('p', 'slot-a');
  const consumer = at('c', 'slot-a');
  const { partitions } = env.setUpTask(tdd(producer, 0, [], [consumer]), 0);
  const { gate } = env.setUpTask({ ...tdd(consumer, 0, [producer], []), inputs: [{ sourceVertexId: 'u', shipStrategy: 'REBALANCE', sourceNodeId: 2, targetNodeId: 3, numberOfProducers: 1, producers: [producer] }] }, 0);
  const batch = [{ k: 1 }];
  const partition = partitions.get('2-3')!;
  for (let i = 0; i < 5; i++) partition.emitBatch(0, batch);
  assert.equal(partition.isAvailable, false, 'the fifth batch waits for credit');
  const first = gate.pollNext()!;
  assert.equal((first.payload as unknown[])[0], batch[0], 'the very object, not a copy');
  assert.equal(first.channel.path, 'local');
  gate.returnCredit('2-3', 0);
  assert.equal(partition.isAvailable, true);
  assert.equal(partition.numBytesOut + gate.numBytesIn, 0, 'nothing was encoded');
  assert.deepEqual(viaTaskManager, []);
});

test('a channel to another TaskManager goes through the main thread, with its slot and its credit path', () => {
  const { env, viaTaskManager } = environment();
  const remote = at('c', 'slot-r', 'tm-b');
  const { partitions, gate } = env.setUpTask(tdd(at('p', 'slot-a'), 0, [at('u', 'slot-r', 'tm-b')], [remote]), 0);
  partitions.get('2-3')!.emitEvent(0, { type: EventType.WATERMARK, timestamp: 9 });
  const [msg, to] = viaTaskManager[0]!;
  assert.equal(to, remote);
  assert.deepEqual({ ...msg, bytes: undefined }, { t: 'data', jobId: JOB, to: 'c', toAllocation: 'slot-r', edge: '2-3', from: 0, bytes: undefined });
  env.deliver(data('p', 0, encodeRecordBatch([1])));
  gate.returnCredit(EDGE, 0);
  assert.deepEqual(viaTaskManager[1]![0], { t: 'credit', jobId: JOB, to: 'u', toAllocation: 'slot-r', edge: EDGE, channel: 0, credits: 1 });
});

test('between two slots of one TaskManager, buffers and events take the port, in order', async () => {
  const a = environment();
  const b = environment();
  const { port1, port2 } = new MessageChannel();
  a.env.connectPeer('slot-b', port1);
  b.env.connectPeer('slot-a', port2);
  const producer = at('p', 'slot-a');
  const consumer = at('c', 'slot-b');
  const { partitions } = a.env.setUpTask(tdd(producer, 0, [], [consumer]), 0);
  const { gate } = b.env.setUpTask({ ...tdd(consumer, 0, [], []), inputs: [{ sourceVertexId: 'u', shipStrategy: 'REBALANCE', sourceNodeId: 2, targetNodeId: 3, numberOfProducers: 1, producers: [producer] }] }, 0);
  const partition = partitions.get('2-3')!;
  partition.emitBatch(0, [1, 2]);
  partition.emitEvent(0, { type: EventType.CHECKPOINT_BARRIER, checkpointId: 1, timestamp: 2, kind: SnapshotKind.CHECKPOINT });
  partition.emitBatch(0, [3]);
  partition.emitEvent(0, END_OF_PARTITION);
  const got: InputBuffer['payload'][] = [];
  await new Promise<void>((resolve) => gate.attach({ onInputAvailable: () => (got.push(...drain(gate)), gate.isFinished && resolve()), onInputError: assert.fail }));
  assert.deepEqual(got, [[1, 2], { type: EventType.CHECKPOINT_BARRIER, checkpointId: 1, timestamp: 2, kind: SnapshotKind.CHECKPOINT }, [3], END_OF_PARTITION]);
  assert.equal(gate.numBytesIn, partition.numBytesOut, 'bytes counted once on each side');
  assert.deepEqual([a.viaTaskManager, b.viaTaskManager, a.bad, b.bad], [[], [], [], []]);
  port1.close();
});

test('a lost TaskManager fails the tasks of that job with an open channel from or to it, and only those', () => {
  const { env } = environment();
  const failures = new Map<string, string>();
  const attach = (gate: InputGate, name: string): void => gate.attach({ onInputAvailable: () => undefined, onInputError: (err) => failures.set(name, `${err.code}: ${err.message}`) });
  attach(env.setUpTask(tdd(at('in', 'slot-a'), 0, [at('u', 'slot-r', 'tm-b')], []), 0).gate, 'reads from tm-b');
  attach(env.setUpTask(tdd(at('out', 'slot-a'), 0, [], [at('w', 'slot-r', 'tm-b')]), 0).gate, 'writes to tm-b');
  const ended = env.setUpTask(tdd(at('done', 'slot-a'), 0, [], [at('w2', 'slot-r', 'tm-b')]), 0);
  ended.partitions.get('2-3')!.emitEvent(0, END_OF_PARTITION);
  attach(ended.gate, 'ended its output to tm-b');
  attach(env.setUpTask(tdd(at('other', 'slot-a'), 0, [at('u2', 'slot-c', 'tm-c')], []), 0).gate, 'talks to tm-c only');
  env.peerLost('another job', 'tm-b', 'gone');
  assert.equal(failures.size, 0, 'another job is not disturbed');
  env.peerLost(JOB, 'tm-b', 'Connection to TaskManager tm-b lost');
  assert.deepEqual([...failures.keys()].sort(), ['reads from tm-b', 'writes to tm-b']);
  assert.equal(failures.get('reads from tm-b'), 'NETWORK_PEER_LOST: Connection to TaskManager tm-b lost');
});
