/** StreamTask in-thread: chains, keyed shuffles between tasks, credit-based backpressure, in-band events. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamExecutionEnvironment, type Sink } from '../api/index.js';
import type { JobVertex } from '../protocol/job-graph.js';
import {
  DEFAULT_BATCH_SIZE, END_OF_PARTITION, edgeKey, EventType, INITIAL_CREDIT, InputChannel, InputGate, RecordWriter, ResultPartition, SnapshotKind, StopMode,
  type InputBuffer, type TaskEvent,
} from '../network/index.js';
import { SOURCE_CHUNK } from './sources.js';
import { StreamTask } from './stream-task.js';
import { HERE, channelTo, gateOf, jobGraphOf, setupFor } from './test-stream-tasks.js';

test('a source without credit stops after its window; credit lets it finish', async () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const total = 100_000;
  env.fromSequence(1, total).rebalance().addSink(() => undefined);
  const { jobGraph, streamGraph } = jobGraphOf(env);
  const source = jobGraph.vertices[0]!;
  const batches: unknown[][] = [];
  let ended = false;
  const setup = setupFor(streamGraph, jobGraph, source, () => channelTo((p) => (Array.isArray(p) ? batches.push(p) : (ended = true))));
  const task = new StreamTask(setup);
  const run = task.run();
  // Give the source every chance to run ahead: it must stop at its credit window.
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
  const emittedWithoutCredit = batches.length;
  assert.equal(emittedWithoutCredit, INITIAL_CREDIT, 'only the initial credit went out');
  assert.ok(task.currentMetrics().numRecordsOut <= INITIAL_CREDIT * DEFAULT_BATCH_SIZE + SOURCE_CHUNK + DEFAULT_BATCH_SIZE, 'the source paused instead of filling memory');
  while (!ended) {
    setup.partitions[0]!.addCredit(0, 1);
    await new Promise((r) => setImmediate(r));
  }
  await run;
  assert.equal(batches.reduce((n, b) => n + b.length, 0), total);
});

test('keyed sum across two tasks connected in-thread matches a plain loop', async () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const words = Array.from({ length: 5000 }, (_, i) => `w${(i * 7919) % 97}`);
  const seen: [string, number][] = [];
  env.fromElements(...words).map((w): [string, number] => [w, 1]).keyBy((t) => t[0]).sum(1).addSink((t) => void seen.push(t));
  const { jobGraph, streamGraph } = jobGraphOf(env);
  const [srcV, sinkV] = jobGraph.vertices as [JobVertex, JobVertex];
  const key = edgeKey(srcV.operators.at(-1)!.nodeId, sinkV.operators[0]!.nodeId);
  const credits: string[] = [];
  const srcSetup = setupFor(streamGraph, jobGraph, srcV, () => channelTo((p) => sinkGate.receive(key, 0, p, 0)));
  const sinkGate = gateOf(jobGraph, sinkV, (edge) => {
    credits.push(edge);
    srcSetup.partitions[0]!.addCredit(0, 1);
  });
  const src = new StreamTask(srcSetup);
  const sinkTask = new StreamTask(setupFor(streamGraph, jobGraph, sinkV, () => channelTo(() => undefined), sinkGate));
  await Promise.all([src.run(), sinkTask.run()]);
  const expected = new Map<string, number>();
  for (const w of words) expected.set(w, (expected.get(w) ?? 0) + 1);
  const final = new Map<string, number>();
  for (const [w, c] of seen) final.set(w, Math.max(final.get(w) ?? 0, c));
  assert.deepEqual(final, expected);
  assert.equal(credits.length, Math.ceil(words.length / DEFAULT_BATCH_SIZE), 'one credit per processed batch');
});

test('an event goes out behind the records collected before it; the consumer task sees it in that place', async () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromElements(1, 2, 3).rebalance().addSink(() => undefined);
  const { jobGraph, streamGraph } = jobGraphOf(env);
  const [, sinkV] = jobGraph.vertices as [JobVertex, JobVertex];
  const sent: (unknown[] | TaskEvent)[] = [];
  const writer = new RecordWriter(() => 0, new ResultPartition([channelTo((p) => sent.push(p))]), [0]);
  writer.collect('a');
  const barrier: TaskEvent = { type: EventType.CHECKPOINT_BARRIER, checkpointId: 7, timestamp: 1, kind: SnapshotKind.CHECKPOINT };
  writer.broadcastEvent(barrier);
  assert.deepEqual(sent, [['a'], barrier]);

  // A task broadcasts through all its writers; its records and end of partition follow.
  const [srcV] = jobGraph.vertices as [JobVertex];
  const fromTask: (unknown[] | TaskEvent)[] = [];
  const producer = new StreamTask(setupFor(streamGraph, jobGraph, srcV, () => channelTo((p) => fromTask.push(p))));
  producer.broadcastEvent(barrier);
  await producer.run();
  assert.deepEqual(fromTask, [barrier, [1, 2, 3], { type: EventType.END_OF_DATA, stopMode: StopMode.DRAIN }, END_OF_PARTITION]);

  const key = edgeKey(sinkV.inputs[0]!.sourceNodeId, sinkV.inputs[0]!.targetNodeId);
  const gate = gateOf(jobGraph, sinkV);
  const order: string[] = [];
  const consumer = new StreamTask({ ...setupFor(streamGraph, jobGraph, sinkV, () => channelTo(() => undefined), gate), onInputEvent: (event, channel) => order.push(`event ${event.type} after ${channel.recordsConsumed} records`) });
  const watermark: TaskEvent = { type: EventType.WATERMARK, timestamp: 5 };
  for (const payload of [[1], watermark, [2, 3], END_OF_PARTITION]) gate.receive(key, 0, payload, 0);
  await consumer.run();
  assert.deepEqual(order, ['event 3 after 1 records']);
  assert.equal(consumer.currentMetrics().numRecordsIn, 3);
});

test('the gate hands buffers over in order and refuses what no channel carries', () => {
  const bad: string[] = [];
  const gate = new InputGate('j', 't', (reason) => bad.push(reason));
  gate.receive('1-2', 0, [1], 3);
  gate.receive('9-9', 0, [1], 3);
  const channel = new InputChannel('1-2', 0, HERE, 'local', () => undefined);
  gate.setUp(new Map([['1-2', [channel, undefined]]]));
  assert.deepEqual(bad, ['Task t has no input edge 9-9'], 'input that came before the task is checked once its channels are known');
  gate.receive('1-2', 1, [2], 3);
  assert.match(bad[1]!, /producer 1 is not connected to edge 1-2/);
  gate.receive('1-2', 0, { type: EventType.END_OF_PARTITION }, 2);
  gate.receive('1-2', 0, [3], 3);
  assert.match(bad[2]!, /after that channel ended/);
  const taken: InputBuffer[] = [];
  for (let b = gate.pollNext(); b; b = gate.pollNext()) taken.push(b);
  assert.deepEqual(taken.map((b) => b.payload), [[1], END_OF_PARTITION], 'the end of partition closes its channel and is handed over too');
  assert.equal(gate.isFinished, true);
  assert.equal(gate.numBytesIn, 5, 'the bytes of what it took');
});

test('probe events: in place they are counted, out of place they fail the gate with NETWORK_PROBE_MISMATCH', () => {
  const gate = new InputGate('j', 't', (reason) => assert.fail(reason));
  const channel = new InputChannel('1-2', 0, HERE, 'local', () => undefined);
  gate.setUp(new Map([['1-2', [channel]]]), 2);
  gate.receive('1-2', 0, [1, 2], 0);
  gate.receive('1-2', 0, { type: EventType.PROBE, seq: 0, recordsBefore: 2 }, 0);
  gate.receive('1-2', 0, [3], 0);
  gate.receive('1-2', 0, { type: EventType.PROBE, seq: 1, recordsBefore: 4 }, 0);
  assert.ok(gate.pollNext());
  assert.ok(gate.pollNext());
  assert.equal(channel.probesVerified, 1);
  assert.throws(() => gate.pollNext(), { code: 'NETWORK_PROBE_MISMATCH', message: /expected probe 1 after 3 records, got probe 1 after 4/ });
});

test('a probe missing before the end of partition is a mismatch too', () => {
  const gate = new InputGate('j', 't', (reason) => assert.fail(reason));
  gate.setUp(new Map([['1-2', [new InputChannel('1-2', 0, HERE, 'local', () => undefined)]]]), 2);
  gate.receive('1-2', 0, [1, 2, 3], 0);
  gate.receive('1-2', 0, { type: EventType.END_OF_PARTITION }, 0);
  assert.ok(gate.pollNext());
  assert.throws(() => gate.pollNext(), { code: 'NETWORK_PROBE_MISMATCH', message: /expected 1 probes before the end of partition, got 0/ });
});

/**
 * A task `map` with a chained Sink V2 writer and an edge to a downstream sink, fed `[1, 2]` and the
 * end of data in `stopMode`: what the writer got (`flush(true)` is its end of input) and what
 * went downstream.
 */
async function endDataIn(stopMode: StopMode): Promise<{ written: string[]; downstream: (unknown[] | TaskEvent)[] }> {
  const written: string[] = [];
  const sink: Sink<number> = { createWriter: () => ({ write: (n) => void written.push(String(n)), flush: (end) => void (end && written.push('end of input')), close: () => undefined }) };
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const mapped = env.fromElements(1).rebalance().map((n) => n * 10);
  mapped.sinkTo(sink);
  mapped.rebalance().addSink(() => undefined);
  const { jobGraph, streamGraph } = jobGraphOf(env);
  const mapV = jobGraph.vertices[1]!;
  const key = edgeKey(mapV.inputs[0]!.sourceNodeId, mapV.inputs[0]!.targetNodeId);
  const downstream: (unknown[] | TaskEvent)[] = [];
  const gate = gateOf(jobGraph, mapV);
  const task = new StreamTask(setupFor(streamGraph, jobGraph, mapV, () => channelTo((p) => void downstream.push(p)), gate));
  const input: (unknown[] | TaskEvent)[] = [[1, 2], { type: EventType.END_OF_DATA, stopMode }, END_OF_PARTITION];
  for (const payload of input) gate.receive(key, 0, payload, 0);
  await task.run();
  return { written, downstream };
}

test('an input that ended with DRAIN finishes the chain (a sink writer flushes its end of input) and passes DRAIN on', async () => {
  const { written, downstream } = await endDataIn(StopMode.DRAIN);
  assert.deepEqual(written, ['10', '20', 'end of input']);
  assert.deepEqual(downstream, [[10, 20], { type: EventType.END_OF_DATA, stopMode: StopMode.DRAIN }, END_OF_PARTITION]);
});

test('an input that ended with NO_DRAIN (a stop-with-savepoint without drain) ends the task without finishing its chain, and passes NO_DRAIN on', async () => {
  const { written, downstream } = await endDataIn(StopMode.NO_DRAIN);
  assert.deepEqual(written, ['10', '20'], 'no end-of-input flush');
  assert.deepEqual(downstream, [[10, 20], { type: EventType.END_OF_DATA, stopMode: StopMode.NO_DRAIN }, END_OF_PARTITION]);
});
