/**
 * Runs a whole job in the test's thread: every subtask of every vertex is a StreamTask, and
 * batches, ends of channel and credits go directly from task to task. For semantics tests of
 * operators and chains without TaskManagers. As on a TaskManager, every task runs its own
 * rebuild of the program, so no two subtasks share a function object.
 */
import type { StreamExecutionEnvironment } from '../../src/api/index.js';
import { createJobGraph } from '../../src/graph/index.js';
import type { JobVertex } from '../../src/protocol/job-graph.js';
import { StreamTask, edgeKey, type PrintTarget } from '../../src/operators/index.js';

export interface InThreadJobOptions {
  /** The cluster's default parallelism (operators may set their own). */
  parallelism?: number;
  /** Where `print()` goes; dropped when absent. */
  stdout?: PrintTarget;
}

/** Runs the job `build` defines to completion; rejects with the first task's failure. */
export async function runInThread(build: () => StreamExecutionEnvironment, opts: InThreadJobOptions = {}): Promise<void> {
  const streamGraph = build().getStreamGraph('in-thread job');
  const jobGraph = createJobGraph(streamGraph, {
    jobId: '0'.repeat(32),
    program: { blobKey: 'in-thread', packageName: 'in-thread', args: [] },
    defaultParallelism: opts.parallelism ?? 1,
  });
  const vertices = new Map(jobGraph.vertices.map((v) => [v.id, v]));
  const tasks = new Map<string, StreamTask[]>();
  const taskOf = (vertexId: string, subtask: number): StreamTask => tasks.get(vertexId)![subtask]!;
  const stdout = opts.stdout ?? { write: () => undefined };
  for (const vertex of jobGraph.vertices) {
    const consumers = jobGraph.vertices.flatMap((target) => target.inputs.filter((e) => e.sourceVertexId === vertex.id).map((e) => ({ target, e })));
    const subtasks = Array.from({ length: vertex.parallelism }, (_, subtaskIndex) => new StreamTask({
      jobId: jobGraph.jobId,
      streamGraph: build().getStreamGraph('in-thread job'),
      vertex,
      subtaskIndex,
      attemptNumber: 0,
      outputs: consumers.map(({ target, e }) => {
        const key = edgeKey(e.sourceNodeId, e.targetNodeId);
        return {
          sourceNodeId: e.sourceNodeId,
          targetNodeId: e.targetNodeId,
          shipStrategy: e.shipStrategy,
          numberOfConsumers: target.parallelism,
          consumerMaxParallelism: target.maxParallelism,
          transport: {
            transmit: (channel: number, records: unknown[]) => taskOf(target.id, channel).pushBatch(key, subtaskIndex, records),
            transmitEnd: (channel: number) => taskOf(target.id, channel).endOfChannel(key, subtaskIndex),
          },
        };
      }),
      inputs: vertex.inputs.map((e) => ({
        sourceNodeId: e.sourceNodeId,
        targetNodeId: e.targetNodeId,
        shipStrategy: e.shipStrategy,
        numberOfProducers: vertices.get(e.sourceVertexId)!.parallelism,
      })),
      print: { stdout, stderr: stdout },
      bufferTimeoutMs: 5,
      grantCredit: (edge, producer) => taskOf(inputEdge(vertex, edge).sourceVertexId, producer).addCredit(edge, subtaskIndex, 1),
    }));
    tasks.set(vertex.id, subtasks);
  }
  const all = [...tasks.values()].flat();
  let failure: unknown;
  // A failed task's consumers would wait for it forever: cancel every task, as a failing job does.
  const runs = all.map((task) => task.run().catch((err: unknown) => {
    if (failure === undefined) {
      failure = err;
      for (const other of all) if (other !== task) other.cancel();
    }
  }));
  await Promise.all(runs);
  if (failure !== undefined) throw failure;
}

function inputEdge(vertex: JobVertex, edge: string): JobVertex['inputs'][number] {
  return vertex.inputs.find((e) => edgeKey(e.sourceNodeId, e.targetNodeId) === edge)!;
}
