import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamExecutionEnvironment, type Collector, type StreamGraph } from '../api/index.js';
import { hashId } from '../common/ids.js';
import type { JobGraph } from '../protocol/job-graph.js';
import { createJobGraph, type JobGraphOptions } from './index.js';

const program = { blobKey: 'b'.repeat(64), packageName: 'wordcount.js', args: [] };

function generate(graph: StreamGraph, opts: Partial<JobGraphOptions> = {}): JobGraph {
  return createJobGraph(graph, { jobId: 'a'.repeat(32), program, defaultParallelism: 1, ...opts });
}

function tokenize(line: string, out: Collector<[string, number]>): void {
  for (const word of line.split(' ')) out.collect([word, 1]);
}

/** The article's WordCount: fromElements -> flatMap -> keyBy -> sum -> print. */
function wordCount(configure: (env: StreamExecutionEnvironment) => void = () => {}): StreamGraph {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  configure(env);
  env
    .fromElements('to be or not to be')
    .flatMap(tokenize)
    .keyBy((v) => v[0])
    .sum(1)
    .print();
  return env.getStreamGraph('WordCount');
}

function shape(job: JobGraph) {
  return job.vertices.map((v) => ({
    name: v.name,
    parallelism: v.parallelism,
    nodes: v.operators.map((op) => op.nodeId),
    inputs: v.inputs.map((e) => `${job.vertices.findIndex((s) => s.id === e.sourceVertexId)}:${e.shipStrategy}`),
  }));
}

test('WordCount at parallelism 1 chains into two vertices joined by HASH', () => {
  const job = generate(wordCount());
  assert.deepEqual(shape(job), [
    { name: 'Source: Collection Source -> Flat Map', parallelism: 1, nodes: [1, 2], inputs: [] },
    { name: 'Keyed Aggregation -> Sink: Print to Std. Out', parallelism: 1, nodes: [3, 4], inputs: ['0:HASH'] },
  ]);
  const [source, counts] = job.vertices;
  assert.equal(source.id, source.operators[0].operatorId);
  assert.deepEqual(source.operators.map((op) => op.kind), ['source', 'flatMap']);
  assert.deepEqual(counts.inputs, [{ sourceVertexId: source.id, shipStrategy: 'HASH', sourceNodeId: 2, targetNodeId: 3 }]);
  assert.deepEqual(
    { jobName: job.jobName, jobType: job.jobType, maxParallelism: job.maxParallelism, config: job.config },
    { jobName: 'WordCount', jobType: 'STREAMING', maxParallelism: 128, config: {} },
  );
});

test('WordCount at default parallelism 2 splits the non-parallel source from the flatMap', () => {
  const job = generate(wordCount(), { defaultParallelism: 2 });
  assert.deepEqual(shape(job), [
    { name: 'Source: Collection Source', parallelism: 1, nodes: [1], inputs: [] },
    { name: 'Flat Map', parallelism: 2, nodes: [2], inputs: ['0:REBALANCE'] },
    { name: 'Keyed Aggregation -> Sink: Print to Std. Out', parallelism: 2, nodes: [3, 4], inputs: ['1:HASH'] },
  ]);
});

test('the plan is Flink\'s JSON plan with every field of its spec; sources have empty inputs', () => {
  const job = generate(wordCount());
  const [source, counts] = job.vertices;
  assert.deepEqual(job.plan, {
    jid: job.jobId,
    name: 'WordCount',
    type: 'STREAMING',
    nodes: [
      { id: source.id, parallelism: 1, operator: '', operator_strategy: '', description: source.name, inputs: [], optimizer_properties: {} },
      {
        id: counts.id,
        parallelism: 1,
        operator: '',
        operator_strategy: '',
        description: counts.name,
        inputs: [{ num: 0, id: source.id, ship_strategy: 'HASH', local_strategy: 'NONE', caching: 'NONE', exchange: 'pipelined_bounded' }],
        optimizer_properties: {},
      },
    ],
  });
});

test('chaining strategies and explicit partitioners split chains', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const numbers = env.fromSequence(1, 100);
  numbers.map((n) => n).name('A').map((n) => n).name('B').startNewChain().map((n) => n).name('C').disableChaining().print();
  numbers.rebalance().map((n) => n).name('D').print();
  assert.deepEqual(shape(generate(env.getStreamGraph())), [
    { name: 'Source: Sequence Source -> A', parallelism: 1, nodes: [1, 2], inputs: [] },
    { name: 'B', parallelism: 1, nodes: [3], inputs: ['0:FORWARD'] },
    { name: 'C', parallelism: 1, nodes: [4], inputs: ['1:FORWARD'] },
    { name: 'Sink: Print to Std. Out', parallelism: 1, nodes: [5], inputs: ['2:FORWARD'] },
    { name: 'D -> Sink: Print to Std. Out', parallelism: 1, nodes: [6, 7], inputs: ['0:REBALANCE'] },
  ]);
});

test('a forked chain is named as Flink names it, and a union input is never chained', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2);
  const numbers = env.fromSequence(1, 100);
  const left = numbers.map((n) => n).name('Left');
  const right = numbers.filter((n) => n > 0);
  left.union(right).map((n) => n).name('Merge').print();
  const job = generate(env.getStreamGraph());
  assert.deepEqual(shape(job), [
    { name: 'Source: Sequence Source -> (Left, Filter)', parallelism: 2, nodes: [1, 2, 3], inputs: [] },
    { name: 'Merge -> Sink: Print to Std. Out', parallelism: 2, nodes: [4, 5], inputs: ['0:FORWARD', '0:FORWARD'] },
  ]);
  assert.deepEqual(
    job.vertices[1].inputs.map((e) => [e.sourceNodeId, e.targetNodeId]),
    [[2, 4], [3, 4]],
  );
});

test('parallelism comes from the operator, then the job, then the cluster default', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(3);
  env.fromSequence(1, 10).map((n) => n).setParallelism(5).print();
  const job = generate(env.getStreamGraph(), { defaultParallelism: 7, defaultMaxParallelism: 64 });
  assert.deepEqual(job.vertices.map((v) => [v.parallelism, v.maxParallelism]), [[3, 64], [5, 64], [3, 64]]);
  assert.equal(job.maxParallelism, 64);
});

test('an operator id comes from its uid when set, else from its position', () => {
  const build = (extraOperator: boolean) => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    let stream = env.fromSequence(1, 10);
    if (extraOperator) stream = stream.map((n) => n);
    stream.map((n) => n + 1).uid('plus-one').filter((n) => n > 2).print();
    return generate(env.getStreamGraph()).vertices[0].operators;
  };
  const base = build(false);
  const changed = build(true);
  const plusOne = (ops: typeof base) => ops.find((op) => op.name === 'Map' && op.operatorId === hashId('plus-one'));
  assert.ok(plusOne(base) && plusOne(changed), 'the uid fixes the id even when the graph around it changes');
  assert.notEqual(base.at(-1)?.operatorId, changed.at(-1)?.operatorId);
  assert.deepEqual(build(false), base, 'ids are the same for every build of the same program');
});

test('duplicate uids are rejected', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromSequence(1, 2).uid('same').map((n) => n).uid('same').print();
  assert.throws(() => generate(env.getStreamGraph()), { code: 'INVALID_PROGRAM', message: /"same"/ });
});

test('the fingerprint depends on the structure only', () => {
  const first = generate(wordCount(), { jobId: '1'.repeat(32) });
  const second = generate(wordCount(), { jobId: '2'.repeat(32), program: { ...program, args: ['--input', 'x'] } });
  assert.match(first.fingerprint, /^[0-9a-f]{64}$/);
  assert.equal(first.fingerprint, second.fingerprint);
  assert.notEqual(generate(wordCount(), { defaultParallelism: 2 }).fingerprint, first.fingerprint);
  assert.notEqual(generate(wordCount((env) => env.setMaxParallelism(256))).fingerprint, first.fingerprint);
});

test('the program\'s checkpoint settings are added to the job configuration, over the run request\'s', () => {
  const job = generate(wordCount((env) => env.enableCheckpointing(5000).getCheckpointConfig().setCheckpointTimeout(1000)), {
    config: { 'parallelism.default': '1', 'execution.checkpointing.timeout': '1 min', 'execution.checkpointing.num-retained': '3' },
  });
  assert.deepEqual(job.config, {
    'parallelism.default': '1', 'execution.checkpointing.timeout': '1000', 'execution.checkpointing.num-retained': '3', 'execution.checkpointing.interval': '5000',
  });
});

test('a parallelism above the max parallelism is rejected, naming the operator', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromSequence(1, 2).map((n) => n).name('Too Wide').setParallelism(8).setMaxParallelism(4).print();
  assert.throws(() => generate(env.getStreamGraph()), { code: 'INVALID_PROGRAM', message: /"Too Wide".*max parallelism \(4\)/ });
  assert.throws(() => generate(wordCount(), { defaultParallelism: 200 }), { code: 'INVALID_PROGRAM', message: /"Flat Map"/ });
});

test('a collection source cannot be parallel', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromElements(1, 2).setParallelism(2).print();
  assert.throws(() => generate(env.getStreamGraph()), { code: 'INVALID_PROGRAM', message: /non parallel operator "Source: Collection Source"/ });
});

test('forward partitioning across a parallelism change is rejected', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromSequence(1, 2).forward().map((n) => n).setParallelism(2).print();
  assert.throws(() => generate(env.getStreamGraph()), { code: 'INVALID_PROGRAM', message: /Forward partitioning does not allow change of parallelism/ });
});

test('edges that do not follow creation order are rejected', () => {
  const graph = wordCount();
  graph.edges.push({ sourceId: 4, targetId: 2, partitioner: 'auto' });
  assert.throws(() => generate(graph), { code: 'INVALID_PROGRAM', message: /edge 4 -> 2/ });
});
