import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { CheckpointingMode, ExternalizedCheckpointRetention, setContextExecutor, StreamExecutionEnvironment, type StreamGraph } from './index.js';

afterEach(() => setContextExecutor(undefined));

test('job-wide settings go into the StreamGraph', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(4).setMaxParallelism(256).enableCheckpointing(1000);
  env.fromSequence(1, 3).print();
  assert.equal(env.getParallelism(), 4);
  assert.equal(env.getConfig().getMaxParallelism(), 256);
  const graph = env.getStreamGraph();
  assert.deepEqual(
    { jobName: graph.jobName, p: graph.parallelism, max: graph.maxParallelism, checkpoint: graph.checkpointConfig },
    { jobName: 'Flink Streaming Job', p: 4, max: 256, checkpoint: { 'execution.checkpointing.interval': '1000' } },
  );
});

test('unset settings stay undefined so the cluster defaults apply', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromElements('x').print();
  const graph = env.getStreamGraph();
  assert.equal(env.getParallelism(), undefined);
  assert.equal(graph.parallelism, undefined);
  assert.deepEqual(graph.checkpointConfig, {});
  assert.equal(graph.nodes[0].parallelism, undefined);
});

test('enableCheckpointing with a mode and the CheckpointConfig setters become the job\'s execution.checkpointing keys', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment().enableCheckpointing(2000, CheckpointingMode.AT_LEAST_ONCE);
  env.getCheckpointConfig()
    .setCheckpointTimeout(30_000)
    .setMinPauseBetweenCheckpoints(500)
    .setMaxConcurrentCheckpoints(2)
    .setTolerableCheckpointFailureNumber(3)
    .setExternalizedCheckpointRetention(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
  env.fromElements('x').print();
  assert.deepEqual(env.getStreamGraph().checkpointConfig, {
    'execution.checkpointing.interval': '2000',
    'execution.checkpointing.mode': 'AT_LEAST_ONCE',
    'execution.checkpointing.timeout': '30000',
    'execution.checkpointing.min-pause': '500',
    'execution.checkpointing.max-concurrent-checkpoints': '2',
    'execution.checkpointing.tolerable-failed-checkpoints': '3',
    'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
  });
  const config = env.getCheckpointConfig();
  assert.equal(config.getCheckpointInterval(), 2000);
  assert.equal(config.isCheckpointingEnabled(), true);
  config.setCheckpointingMode(CheckpointingMode.EXACTLY_ONCE).setExternalizedCheckpointCleanup(ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION);
  assert.equal(config.toConfiguration()['execution.checkpointing.mode'], 'EXACTLY_ONCE');
  assert.equal(StreamExecutionEnvironment.getExecutionEnvironment().getCheckpointConfig().getCheckpointInterval(), -1);
});

test('bad checkpoint settings are refused where the program sets them', () => {
  const config = StreamExecutionEnvironment.getExecutionEnvironment().getCheckpointConfig();
  for (const set of [
    () => config.setCheckpointInterval(9), () => config.setCheckpointTimeout(0), () => config.setMinPauseBetweenCheckpoints(-1),
    () => config.setMaxConcurrentCheckpoints(0), () => config.setTolerableCheckpointFailureNumber(-1),
    () => config.setCheckpointingMode('SOMETIMES' as CheckpointingMode),
    () => config.setExternalizedCheckpointRetention('KEEP' as ExternalizedCheckpointRetention),
  ]) assert.throws(set, { code: 'INVALID_PROGRAM' });
});

test('global job parameters are copied on set', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const params: Record<string, string> = { input: 'a.txt' };
  env.getConfig().setGlobalJobParameters(params);
  params.input = 'b.txt';
  assert.deepEqual(env.getConfig().getGlobalJobParameters(), { input: 'a.txt' });
});

test('fromCollection materializes any iterable', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromCollection(new Set(['a', 'b'])).print();
  assert.deepEqual(env.getStreamGraph().nodes[0].operator, { kind: 'source', source: { type: 'elements', elements: ['a', 'b'] } });
});

test('sources reject unusable arguments', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  assert.throws(() => env.fromElements(), { code: 'INVALID_PROGRAM' });
  assert.throws(() => env.fromCollection([]), { code: 'INVALID_PROGRAM' });
  assert.throws(() => env.fromSequence(5, 1), { code: 'INVALID_PROGRAM' });
  assert.throws(() => env.fromSequence(0.5, 1), { code: 'INVALID_PROGRAM' });
  assert.throws(() => env.enableCheckpointing(5), { code: 'INVALID_PROGRAM' });
});

test('a program without operators or without a sink cannot execute', async () => {
  const empty = StreamExecutionEnvironment.getExecutionEnvironment();
  assert.throws(() => empty.getStreamGraph(), {
    code: 'INVALID_PROGRAM',
    message: 'No operators defined in streaming topology. Cannot execute.',
  });
  const onlySource = StreamExecutionEnvironment.getExecutionEnvironment();
  onlySource.fromElements(1);
  await assert.rejects(onlySource.execute(), { code: 'INVALID_PROGRAM', message: /No operators defined/ });
  const noSink = StreamExecutionEnvironment.getExecutionEnvironment();
  noSink.fromElements(1).map((n) => n);
  await assert.rejects(noSink.execute(), { code: 'INVALID_PROGRAM', message: /No sinks defined/ });
});

test('execute without an executor fails with NO_EXECUTOR', async () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromElements(1).print();
  await assert.rejects(env.execute(), { code: 'NO_EXECUTOR' });
});

test('execute hands the StreamGraph to the installed executor', async () => {
  const captured: StreamGraph[] = [];
  setContextExecutor({
    execute: async (graph) => {
      captured.push(graph);
      return { jobId: 'j', jobName: graph.jobName, netRuntime: 0 };
    },
  });
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromElements(1).print();
  const result = await env.execute('My Job');
  assert.equal(result.jobName, 'My Job');
  assert.equal(captured.length, 1);
  assert.equal(captured[0].nodes.length, 2);
});

test('the graph is a snapshot: later settings do not change it', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const sink = env.fromElements(1).print();
  const before = env.getStreamGraph();
  sink.name('later');
  assert.equal(before.nodes[1].name, 'Sink: Print to Std. Out');
  assert.equal(env.getStreamGraph().nodes[1].name, 'Sink: later');
});

test('readTextFile is a parallel source of the file named by its path', () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.readTextFile('/data/input.txt').setParallelism(3).print();
  const source = env.getStreamGraph().nodes[0];
  assert.deepEqual(source.operator, { kind: 'source', source: { type: 'textFile', path: '/data/input.txt' } });
  assert.equal(source.parallelism, 3);
  assert.throws(() => env.readTextFile(''), { code: 'INVALID_PROGRAM' });
});
