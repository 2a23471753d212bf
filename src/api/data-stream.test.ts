import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  StreamExecutionEnvironment,
  type Collector,
  type FlatMapFunction,
  type KeyedStream,
  type SingleOutputStreamOperator,
  type StreamNode,
} from './index.js';

/** Compile-time type equality: a wrong inference fails `tsc`, not just the test. */
type Equals<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

class Tokenizer implements FlatMapFunction<string, [string, number]> {
  flatMap(line: string, out: Collector<[string, number]>): void {
    for (const word of line.toLowerCase().split(/\W+/)) if (word) out.collect([word, 1]);
  }
}

function summary(nodes: StreamNode[]) {
  return nodes.map((n) => ({ id: n.id, name: n.name, kind: n.operator.kind, chaining: n.chainingStrategy }));
}

test('a WordCount pipeline infers its types and builds the expected StreamGraph', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const selector = (v: [string, number]) => v[0];
  const keyed = env
    .fromElements('to be', 'or not')
    .flatMap((line: string, out: Collector<[string, number]>) => line.split(' ').forEach((w) => out.collect([w, 1])))
    .keyBy(selector);
  const counts = keyed.sum(1);
  counts.print();

  const keyedIsTyped: Equals<typeof keyed, KeyedStream<[string, number], string>> = true;
  const countsAreTyped: Equals<typeof counts, SingleOutputStreamOperator<[string, number]>> = true;
  assert.ok(keyedIsTyped && countsAreTyped);

  const graph = env.getStreamGraph('WordCount');
  assert.equal(graph.jobName, 'WordCount');
  assert.deepEqual(summary(graph.nodes), [
    { id: 1, name: 'Source: Collection Source', kind: 'source', chaining: 'HEAD' },
    { id: 2, name: 'Flat Map', kind: 'flatMap', chaining: 'ALWAYS' },
    { id: 3, name: 'Keyed Aggregation', kind: 'keyedAggregation', chaining: 'ALWAYS' },
    { id: 4, name: 'Sink: Print to Std. Out', kind: 'sink', chaining: 'ALWAYS' },
  ]);
  assert.deepEqual(graph.edges, [
    { sourceId: 1, targetId: 2, partitioner: 'auto' },
    { sourceId: 2, targetId: 3, partitioner: 'hash' },
    { sourceId: 3, targetId: 4, partitioner: 'auto' },
  ]);
  const [source, , aggregation, sink] = graph.nodes;
  assert.deepEqual(source.operator, { kind: 'source', source: { type: 'elements', elements: ['to be', 'or not'] } });
  assert.deepEqual(aggregation.operator, { kind: 'keyedAggregation', aggregation: 'sum', field: 1 });
  assert.equal(aggregation.keySelector, selector);
  assert.equal(sink.keySelector, undefined);
  assert.deepEqual(sink.operator, { kind: 'sink', sink: { type: 'print', stderr: false, sinkIdentifier: undefined } });
});

test('flatMap accepts a FlatMapFunction object and keyBy a KeySelector object', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const tokenizer = new Tokenizer();
  const counts = env
    .fromElements('a b')
    .flatMap(tokenizer)
    .keyBy({ getKey: (v: [string, number]) => v[0] })
    .reduce((a, b) => [a[0], a[1] + b[1]]);
  counts.printToErr('counts');
  const typed: Equals<typeof counts, SingleOutputStreamOperator<[string, number]>> = true;
  assert.ok(typed);

  const nodes = env.getStreamGraph().nodes;
  assert.deepEqual(nodes[1].operator, { kind: 'flatMap', fn: tokenizer });
  assert.equal(nodes[2].name, 'Keyed Reduce');
  assert.deepEqual(nodes[3].operator.kind === 'sink' && nodes[3].operator.sink, { type: 'print', stderr: true, sinkIdentifier: 'counts' });
  assert.equal(nodes[3].name, 'Sink: Print to Std. Err');
});

test('operators and sinks are configured fluently', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const sinkFn = () => {};
  env
    .fromSequence(1, 10)
    .name('numbers')
    .uid('numbers-src')
    .map((n) => n * 2)
    .setParallelism(3)
    .setMaxParallelism(64)
    .name('double')
    .uid('double')
    .disableChaining()
    .filter((n) => n > 4)
    .startNewChain()
    .addSink(sinkFn)
    .setParallelism(2)
    .name('collect')
    .uid('sink')
    .disableChaining();

  const [source, map, filter, sink] = env.getStreamGraph().nodes;
  assert.deepEqual(source.operator, { kind: 'source', source: { type: 'sequence', from: 1, to: 10 } });
  assert.equal(source.name, 'Source: numbers');
  assert.equal(source.uid, 'numbers-src');
  assert.deepEqual(
    { name: map.name, uid: map.uid, p: map.parallelism, max: map.maxParallelism, chaining: map.chainingStrategy },
    { name: 'double', uid: 'double', p: 3, max: 64, chaining: 'NEVER' },
  );
  assert.deepEqual({ name: filter.name, chaining: filter.chainingStrategy }, { name: 'Filter', chaining: 'HEAD' });
  assert.deepEqual(
    { name: sink.name, uid: sink.uid, p: sink.parallelism, chaining: sink.chainingStrategy, spec: sink.operator },
    { name: 'Sink: collect', uid: 'sink', p: 2, chaining: 'NEVER', spec: { kind: 'sink', sink: { type: 'function', fn: sinkFn } } },
  );
});

test('addSink without a name is "Unnamed"', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromElements(1).addSink({ invoke: () => {} });
  assert.equal(env.getStreamGraph().nodes[1].name, 'Sink: Unnamed');
});

test('partitioning methods set the edge partitioner; the last one wins', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const source = env.fromSequence(0, 9);
  for (const stream of [source.rebalance(), source.shuffle(), source.broadcast(), source.forward(), source.global(), source.rescale()]) {
    stream.print();
  }
  source.keyBy((n) => n % 2).rebalance().print();
  source.rebalance().keyBy((n) => n % 2).print();
  assert.deepEqual(
    env.getStreamGraph().edges.map((e) => e.partitioner),
    ['rebalance', 'shuffle', 'broadcast', 'forward', 'global', 'rescale', 'rebalance', 'hash'],
  );
});

test('operators after keyBy are keyed; operators after a keyed operator are not', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const key = (n: number) => n % 3;
  env.fromSequence(1, 5).keyBy(key).map((n) => n + 1).map((n) => n - 1).print();
  const [, keyedMap, plainMap] = env.getStreamGraph().nodes;
  assert.equal(keyedMap.keySelector, key);
  assert.equal(plainMap.keySelector, undefined);
  assert.deepEqual(env.getStreamGraph().edges.map((e) => e.partitioner), ['hash', 'auto', 'auto']);
});

test('union connects every input to the next operator, keeping each partitioner', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const a = env.fromElements(1, 2);
  const b = env.fromSequence(3, 4);
  const c = env.fromElements(5);
  a.union(b.rebalance(), c).map((n) => n).print();
  assert.deepEqual(env.getStreamGraph().edges.slice(0, 3), [
    { sourceId: 1, targetId: 4, partitioner: 'auto' },
    { sourceId: 2, targetId: 4, partitioner: 'rebalance' },
    { sourceId: 3, targetId: 4, partitioner: 'auto' },
  ]);
});

test('union rejects the stream itself and streams of another environment', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const a = env.fromElements(1);
  assert.throws(() => a.union(a), { code: 'INVALID_PROGRAM', message: /unioned with itself/ });
  const other = StreamExecutionEnvironment.getExecutionEnvironment().fromElements(2);
  assert.throws(() => a.union(other), { code: 'INVALID_PROGRAM', message: /different execution environments/ });
});

test('invalid parallelism settings are rejected where they are made', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const mapped = env.fromElements(1).map((n) => n);
  assert.throws(() => mapped.setParallelism(0), { code: 'INVALID_PROGRAM' });
  assert.throws(() => mapped.setParallelism(1.5), { code: 'INVALID_PROGRAM' });
  assert.throws(() => mapped.setMaxParallelism(40_000), { code: 'INVALID_PROGRAM' });
  assert.throws(() => mapped.print().setParallelism(-1), { code: 'INVALID_PROGRAM' });
  assert.throws(() => env.setParallelism(0), { code: 'INVALID_PROGRAM' });
});
