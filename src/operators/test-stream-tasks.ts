/** StreamTasks wired in one thread for tests: job graphs of an environment, gates, setups and output channels. */
import assert from 'node:assert/strict';
import type { StreamExecutionEnvironment } from '../api/index.js';
import { createJobGraph } from '../graph/index.js';
import type { JobGraph, JobVertex } from '../protocol/job-graph.js';
import type { TaskLocation } from '../protocol/deployment.js';
import { edgeKey, InputChannel, InputGate, ResultPartition, type OutputChannel, type TaskEvent } from '../network/index.js';
import type { StreamTaskSetup } from './stream-task.js';

const silent = { write: () => undefined };

/** Checkpointing settings of tasks that never see a barrier. */
export const NO_CHECKPOINTS: StreamTaskSetup['checkpointing'] = { mode: 'EXACTLY_ONCE', directory: '', responder: { acknowledge: () => assert.fail('no checkpoint'), decline: () => assert.fail('no checkpoint') } };

export const HERE: TaskLocation = { executionAttemptId: 'x', allocationId: 'a', taskManagerId: 'tm', dataAddress: { host: 'h', port: 1 } };

export function jobGraphOf(env: StreamExecutionEnvironment): { jobGraph: JobGraph; streamGraph: ReturnType<StreamExecutionEnvironment['getStreamGraph']> } {
  const streamGraph = env.getStreamGraph('test');
  const jobGraph = createJobGraph(streamGraph, { jobId: '0'.repeat(32), program: { blobKey: 'x', packageName: 'x', args: [] }, defaultParallelism: 1 });
  return { jobGraph, streamGraph };
}

/** A gate of `producers` producers per input edge, whose credit goes to `credit(edge, producer)`. */
export function gateOf(jobGraph: JobGraph, vertex: JobVertex, credit: (edge: string, producer: number) => void = () => undefined, producers = 1): InputGate {
  const gate = new InputGate(jobGraph.jobId, vertex.id, (reason) => assert.fail(reason));
  const edges = new Map(vertex.inputs.map((e) => {
    const edge = edgeKey(e.sourceNodeId, e.targetNodeId);
    return [edge, Array.from({ length: producers }, (_, p) => new InputChannel(edge, p, HERE, 'local', () => credit(edge, p)))];
  }));
  gate.setUp(edges);
  return gate;
}

/** Subtask 0 of `vertex` with a partition per outgoing edge, each channel made by `channel`. */
export function setupFor(streamGraph: StreamTaskSetup['streamGraph'], jobGraph: JobGraph, vertex: JobVertex, channel: (target: JobVertex) => OutputChannel, input = gateOf(jobGraph, vertex)): StreamTaskSetup & { partitions: ResultPartition[] } {
  const partitions: ResultPartition[] = [];
  const outputs = jobGraph.vertices.flatMap((target) => target.inputs.filter((e) => e.sourceVertexId === vertex.id).map((e) => {
    const partition = new ResultPartition(Array.from({ length: target.parallelism }, () => channel(target)));
    partitions.push(partition);
    return { sourceNodeId: e.sourceNodeId, targetNodeId: e.targetNodeId, shipStrategy: e.shipStrategy, consumerMaxParallelism: target.maxParallelism, partition };
  }));
  return { jobId: jobGraph.jobId, streamGraph, vertex, subtaskIndex: 0, attemptNumber: 0, outputs, input, print: { stdout: silent, stderr: silent }, bufferTimeoutMs: 60_000, partitions, checkpointing: NO_CHECKPOINTS };
}

/** An output channel that hands everything to `sink` (batches as arrays, events as objects). */
export function channelTo(sink: (payload: unknown[] | TaskEvent) => void): OutputChannel {
  return { taskManagerId: 'tm', sendBatch: (records) => (sink(records), 0), sendEvent: (event) => (sink(event), 0) };
}
