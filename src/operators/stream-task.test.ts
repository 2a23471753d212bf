/** StreamTask in-thread: chains, keyed shuffles between tasks, and credit-based backpressure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamExecutionEnvironment } from '../api/index.js';
import { createJobGraph } from '../graph/index.js';
import type { JobGraph, JobVertex } from '../protocol/job-graph.js';
import { INITIAL_CREDIT, type ChannelTransport } from './credit-based-sender.js';
import { DEFAULT_BATCH_SIZE } from './record-writer.js';
import { SOURCE_CHUNK } from './sources.js';
import { StreamTask, edgeKey, type StreamTaskSetup } from './stream-task.js';

const silent = { write: () => undefined };

function jobGraphOf(env: StreamExecutionEnvironment): { jobGraph: JobGraph; streamGraph: ReturnType<StreamExecutionEnvironment['getStreamGraph']> } {
  const streamGraph = env.getStreamGraph('test');
  const jobGraph = createJobGraph(streamGraph, { jobId: '0'.repeat(32), program: { blobKey: 'x', packageName: 'x', args: [] }, defaultParallelism: 1 });
  return { jobGraph, streamGraph };
}

function setupFor(streamGraph: StreamTaskSetup['streamGraph'], jobGraph: JobGraph, vertex: JobVertex, subtaskIndex: number, transports: (target: JobVertex) => ChannelTransport, grantCredit: StreamTaskSetup['grantCredit'] = () => undefined): StreamTaskSetup {
  const outputs = jobGraph.vertices.flatMap((target) => target.inputs.filter((e) => e.sourceVertexId === vertex.id).map((e) => ({
    sourceNodeId: e.sourceNodeId, targetNodeId: e.targetNodeId, shipStrategy: e.shipStrategy, numberOfConsumers: target.parallelism, consumerMaxParallelism: target.maxParallelism, transport: transports(target),
  })));
  const inputs = vertex.inputs.map((e) => ({ sourceNodeId: e.sourceNodeId, targetNodeId: e.targetNodeId, shipStrategy: e.shipStrategy, numberOfProducers: jobGraph.vertices.find((v) => v.id === e.sourceVertexId)!.parallelism }));
  return { jobId: jobGraph.jobId, streamGraph, vertex, subtaskIndex, attemptNumber: 0, outputs, inputs, print: { stdout: silent, stderr: silent }, bufferTimeoutMs: 60_000, grantCredit };
}

test('a source without credit stops after its window; credit lets it finish', async () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const total = 100_000;
  env.fromSequence(1, total).rebalance().addSink(() => undefined);
  const { jobGraph, streamGraph } = jobGraphOf(env);
  const source = jobGraph.vertices[0]!;
  const batches: unknown[][] = [];
  let ended = false;
  const task = new StreamTask(setupFor(streamGraph, jobGraph, source, 0, () => ({
    transmit: (_c, records) => batches.push(records),
    transmitEnd: () => (ended = true),
  })));
  const run = task.run();
  // Give the source every chance to run ahead: it must stop at its credit window.
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
  const emittedWithoutCredit = batches.length;
  assert.equal(emittedWithoutCredit, INITIAL_CREDIT, 'only the initial credit went out');
  assert.ok(task.currentMetrics().numRecordsOut <= INITIAL_CREDIT * DEFAULT_BATCH_SIZE + SOURCE_CHUNK + DEFAULT_BATCH_SIZE, 'the source paused instead of filling memory');
  const key = edgeKey(source.operators.at(-1)!.nodeId, jobGraph.vertices[1]!.operators[0]!.nodeId);
  while (!ended) {
    task.addCredit(key, 0, 1);
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
  let sinkTask: StreamTask | undefined;
  const credits: string[] = [];
  const pending: [string, number, unknown[] | null][] = [];
  const src = new StreamTask(setupFor(streamGraph, jobGraph, srcV, 0, () => ({
    transmit: (_c, records) => (sinkTask ? sinkTask.pushBatch(key, 0, records) : pending.push([key, 0, records])),
    transmitEnd: () => (sinkTask ? sinkTask.endOfChannel(key, 0) : pending.push([key, 0, null])),
  })));
  const key = edgeKey(srcV.operators.at(-1)!.nodeId, sinkV.operators[0]!.nodeId);
  sinkTask = new StreamTask(setupFor(streamGraph, jobGraph, sinkV, 0, () => ({ transmit: () => undefined, transmitEnd: () => undefined }), (edge, producer) => {
    credits.push(`${edge}/${producer}`);
    src.addCredit(edge, 0, 1);
  }));
  await Promise.all([src.run(), sinkTask.run()]);
  const expected = new Map<string, number>();
  for (const w of words) expected.set(w, (expected.get(w) ?? 0) + 1);
  const final = new Map<string, number>();
  for (const [w, c] of seen) final.set(w, Math.max(final.get(w) ?? 0, c));
  assert.deepEqual(final, expected);
  assert.equal(credits.length, Math.ceil(words.length / DEFAULT_BATCH_SIZE), 'one credit per processed batch');
  assert.equal(pending.length, 0);
});
