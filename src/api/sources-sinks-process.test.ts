/** The StreamGraph the new API calls build: socket and generator sources, text and discarding sinks, process functions, state descriptors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DataGeneratorSource,
  DiscardingSink,
  KeyedProcessFunction,
  ListStateDescriptor,
  ProcessFunction,
  RateLimiterStrategy,
  RichMapFunction,
  StreamExecutionEnvironment,
  ValueStateDescriptor,
  WatermarkStrategy,
  WriteMode,
  type Collector,
} from './index.js';

test('socketTextStream is a non-parallel source of the address and delimiter', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const lines = env.socketTextStream('localhost', 9999);
  lines.print();
  env.socketTextStream('localhost', 9998, '|').setParallelism(1).print();
  const [first, , second] = env.getStreamGraph().nodes;
  assert.equal(first!.name, 'Source: Socket Stream');
  assert.deepEqual(first!.operator, { kind: 'source', source: { type: 'socket', hostname: 'localhost', port: 9999, delimiter: '\n' } });
  assert.equal(first!.parallelism, 1);
  assert.deepEqual(second!.operator, { kind: 'source', source: { type: 'socket', hostname: 'localhost', port: 9998, delimiter: '|' } });
  assert.throws(() => lines.setParallelism(2), { code: 'INVALID_PROGRAM', message: /non parallel operator "Source: Socket Stream" must be 1/ });
  for (const [host, port, delimiter] of [['', 1, '\n'], ['h', 0, '\n'], ['h', 70000, '\n'], ['h', 1, '']] as const) {
    assert.throws(() => env.socketTextStream(host, port, delimiter), { code: 'INVALID_PROGRAM' });
  }
});

test('fromSource with a DataGeneratorSource: its function, count and rate limit', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const generator = (i: number): string => `event-${i}`;
  env.fromSource(new DataGeneratorSource(generator, 1000, 50), WatermarkStrategy.noWatermarks(), 'Generator').setParallelism(2).print();
  env.fromSource(new DataGeneratorSource(generator, Infinity, RateLimiterStrategy.perSecond(10)), WatermarkStrategy.noWatermarks(), 'Endless').print();
  env.fromSource(new DataGeneratorSource(generator, 5, RateLimiterStrategy.noOp()), WatermarkStrategy.noWatermarks(), 'Unlimited').print();
  const sources = env.getStreamGraph().nodes.filter((n) => n.operator.kind === 'source');
  assert.deepEqual(sources.map((n) => n.name), ['Source: Generator', 'Source: Endless', 'Source: Unlimited']);
  assert.deepEqual(sources.map((n) => n.operator), [
    { kind: 'source', source: { type: 'generator', generator, count: 1000, recordsPerSecond: 50 } },
    { kind: 'source', source: { type: 'generator', generator, count: Infinity, recordsPerSecond: 10 } },
    { kind: 'source', source: { type: 'generator', generator, count: 5 } },
  ]);
  assert.equal(sources[0]!.parallelism, 2);
  assert.throws(() => new DataGeneratorSource(generator, -1), { code: 'INVALID_PROGRAM' });
  assert.throws(() => new DataGeneratorSource(generator, 1.5), { code: 'INVALID_PROGRAM' });
  assert.throws(() => new DataGeneratorSource(generator, 10, 0), { code: 'INVALID_PROGRAM' });
  assert.throws(() => env.fromSource(new DataGeneratorSource(generator, 1), WatermarkStrategy.noWatermarks(), ''), { code: 'INVALID_PROGRAM' });
});

test('writeAsText and DiscardingSink become text-file and discard sinks', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const numbers = env.fromSequence(1, 3);
  numbers.writeAsText('/tmp/out');
  numbers.writeAsText('/tmp/out2', WriteMode.OVERWRITE).setParallelism(1);
  numbers.addSink(new DiscardingSink());
  const sinks = env.getStreamGraph().nodes.filter((n) => n.operator.kind === 'sink');
  assert.deepEqual(sinks.map((n) => n.operator), [
    { kind: 'sink', sink: { type: 'textFile', path: '/tmp/out', writeMode: 'NO_OVERWRITE' } },
    { kind: 'sink', sink: { type: 'textFile', path: '/tmp/out2', writeMode: 'OVERWRITE' } },
    { kind: 'sink', sink: { type: 'discard' } },
  ]);
  assert.deepEqual(sinks.map((n) => n.name), ['Sink: Unnamed', 'Sink: Unnamed', 'Sink: Unnamed']);
  assert.throws(() => numbers.writeAsText(''), { code: 'INVALID_PROGRAM' });
  assert.throws(() => numbers.writeAsText('/x', 'APPEND' as WriteMode), { code: 'INVALID_PROGRAM' });
});

test('process on a stream and on a keyed stream, with Flink\'s operator names', () => {
  class Upper extends ProcessFunction<string, string> {
    processElement(value: string, _ctx: ProcessFunction.Context, out: Collector<string>): void {
      out.collect(value.toUpperCase());
    }
  }
  class Count extends KeyedProcessFunction<string, string, [string, number]> {
    processElement(value: string, _ctx: KeyedProcessFunction.Context<string>, out: Collector<[string, number]>): void {
      out.collect([value, 1]);
    }
  }
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const upper = new Upper();
  const count = new Count();
  const counted = env.fromElements('a', 'b').process(upper).keyBy((s) => s).process(count);
  counted.map((t) => t[1] + 1).print();
  const [, processNode, keyedNode] = env.getStreamGraph().nodes;
  assert.deepEqual([processNode!.name, processNode!.operator], ['Process', { kind: 'process', fn: upper }]);
  assert.deepEqual([keyedNode!.name, keyedNode!.operator], ['KeyedProcess', { kind: 'keyedProcess', fn: count }]);
  assert.ok(keyedNode!.keySelector, 'the keyed process function gets the key selector');
});

test('state descriptors need a name; rich functions reach their context only once it is set', () => {
  assert.throws(() => new ValueStateDescriptor(''), { code: 'INVALID_PROGRAM' });
  assert.equal(new ValueStateDescriptor('n', 0).defaultValue, 0);
  assert.equal(new ListStateDescriptor<string>('l').name, 'l');
  class Identity extends RichMapFunction<number, number> {
    map(v: number): number {
      return v;
    }
  }
  assert.throws(() => new Identity().getRuntimeContext(), { code: 'ILLEGAL_STATE' });
});
