import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { setContextExecutor, setDefaultExecutorFactory, StreamExecutionEnvironment, type JobClient, type PipelineExecutor, type StreamGraph } from './index.js';

afterEach(() => {
  setContextExecutor(undefined);
  setDefaultExecutorFactory(undefined);
});

/** An executor whose jobs "produce" `records`; it records graphs and cancellations. */
function fakeExecutor(records: unknown[]): PipelineExecutor & { graphs: StreamGraph[]; cancelled: number } {
  const executor = {
    graphs: [] as StreamGraph[],
    cancelled: 0,
    execute: async (graph: StreamGraph) => ({ jobId: 'j', jobName: graph.jobName, netRuntime: 0 }),
    executeAsync: async (graph: StreamGraph): Promise<JobClient> => {
      executor.graphs.push(graph);
      return {
        jobId: 'j',
        getJobExecutionResult: async () => ({ jobId: 'j', jobName: graph.jobName, netRuntime: 0 }),
        cancel: async () => void executor.cancelled++,
        collect: (nodeId) => {
          assert.equal(nodeId, graph.nodes.at(-1)!.id);
          const it = records[Symbol.iterator]();
          return { next: async () => it.next(), return: async () => (executor.cancelled++, { done: true, value: undefined }) };
        },
      };
    },
  };
  return executor;
}

describe('executeAndCollect', () => {
  it('submits the graph with a collect sink at once and iterates its results', async () => {
    const executor = fakeExecutor([2, 4, 6]);
    setContextExecutor(executor);
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    const results = env.fromElements(1, 2, 3).map((n) => n * 2).executeAndCollect('Doubled');
    assert.equal(executor.graphs.length, 1, 'submitted before the first next()');
    const sink = executor.graphs[0]!.nodes.at(-1)!;
    assert.deepEqual([executor.graphs[0]!.jobName, sink.name, sink.parallelism, sink.chainingStrategy], ['Doubled', 'Sink: Data stream collect sink', 1, 'NEVER']);
    const seen: number[] = [];
    for await (const n of results) seen.push(n);
    assert.deepEqual(seen, [2, 4, 6]);
  });

  it('cancels the job when the loop is left early, and with a limit once it has enough', async () => {
    const executor = fakeExecutor([1, 2, 3, 4]);
    setContextExecutor(executor);
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    for await (const n of env.fromElements(1).executeAndCollect()) if (n === 2) break;
    assert.equal(executor.cancelled, 1);
    assert.deepEqual(await env.fromElements(1).executeAndCollect(3), [1, 2, 3]);
    assert.equal(executor.cancelled, 2);
    await assert.rejects(env.fromElements(1).executeAndCollect(-1), { code: 'INVALID_PROGRAM' });
  });

  it('fails with NO_EXECUTOR on the first next() when no executor can run it', async () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    await assert.rejects(env.fromElements(1).executeAndCollect().next(), { code: 'NO_EXECUTOR' });
    setContextExecutor({ execute: async () => ({ jobId: 'j', jobName: 'n', netRuntime: 0 }) });
    await assert.rejects(env.fromElements(1).executeAndCollect().next(), { code: 'NO_EXECUTOR', message: /executeAndCollect/ });
  });
});

describe('the default executor factory', () => {
  it('serves execute() when no executor is installed, calling the factory once per job', async () => {
    let made = 0;
    setDefaultExecutorFactory(async () => {
      made++;
      return fakeExecutor([]);
    });
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.fromElements(1).print();
    assert.equal((await env.execute('First')).jobName, 'First');
    await env.execute('Second');
    assert.equal(made, 2);
  });

  it('gives way to an installed executor', async () => {
    setDefaultExecutorFactory(async () => assert.fail('the default must not be used'));
    const installed = fakeExecutor([]);
    setContextExecutor(installed);
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    assert.deepEqual(await env.fromElements(1).executeAndCollect(1), []);
    assert.equal(installed.graphs.length, 1);
  });
});
