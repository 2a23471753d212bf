/**
 * Runs a whole job in the test's thread: every subtask of every vertex is a StreamTask, all in
 * one slot of one NetworkEnvironment, so batches, events and credits go directly from task to
 * task. For semantics tests of operators and chains without TaskManagers. As on a TaskManager,
 * every task runs its own rebuild of the program, so no two subtasks share a function object.
 */
import type { StreamExecutionEnvironment } from '../../src/api/index.js';
import { createJobGraph } from '../../src/graph/index.js';
import { NetworkEnvironment } from '../../src/network/index.js';
import { StreamTask, taskOutputs, type PrintTarget } from '../../src/operators/index.js';
import type { TaskDeploymentDescriptor, TaskLocation } from '../../src/protocol/deployment.js';
import type { JobGraph, JobVertex } from '../../src/protocol/job-graph.js';

export interface InThreadJobOptions {
  /** The cluster's default parallelism (operators may set their own). */
  parallelism?: number;
  /** Where `print()` goes; dropped when absent. */
  stdout?: PrintTarget;
}

/** Every subtask runs in the one slot `in-thread`. */
function locationOf(vertex: JobVertex, subtask: number): TaskLocation {
  return { executionAttemptId: `${vertex.id}-${subtask}`, allocationId: 'in-thread', taskManagerId: 'in-thread', dataAddress: { host: '127.0.0.1', port: 0 } };
}

function deploymentOf(jobGraph: JobGraph, vertex: JobVertex, subtaskIndex: number): TaskDeploymentDescriptor {
  const vertexById = (id: string): JobVertex => jobGraph.vertices.find((v) => v.id === id)!;
  const subtasks = (v: JobVertex): TaskLocation[] => Array.from({ length: v.parallelism }, (_, i) => locationOf(v, i));
  return {
    jobId: jobGraph.jobId, jobName: jobGraph.jobName, executionAttemptId: locationOf(vertex, subtaskIndex).executionAttemptId, allocationId: 'in-thread',
    vertexId: vertex.id, taskName: vertex.name, subtaskIndex, attemptNumber: 0, parallelism: vertex.parallelism, maxParallelism: vertex.maxParallelism,
    fingerprint: jobGraph.fingerprint, program: jobGraph.program, jobConfig: {},
    inputs: vertex.inputs.map((e) => ({ ...e, numberOfProducers: vertexById(e.sourceVertexId).parallelism, producers: subtasks(vertexById(e.sourceVertexId)) })),
    outputs: jobGraph.vertices.flatMap((target) => target.inputs.filter((e) => e.sourceVertexId === vertex.id).map((e) => ({
      targetVertexId: target.id, shipStrategy: e.shipStrategy, sourceNodeId: e.sourceNodeId, targetNodeId: e.targetNodeId, consumers: subtasks(target),
    }))),
  };
}

/** Runs the job `build` defines to completion; rejects with the first task's failure. */
export async function runInThread(build: () => StreamExecutionEnvironment, opts: InThreadJobOptions = {}): Promise<void> {
  const streamGraph = build().getStreamGraph('in-thread job');
  const jobGraph = createJobGraph(streamGraph, {
    jobId: '0'.repeat(32),
    program: { blobKey: 'in-thread', packageName: 'in-thread', args: [] },
    defaultParallelism: opts.parallelism ?? 1,
  });
  const network = new NetworkEnvironment({
    sendThroughTaskManager: () => { throw new Error('every task runs in one slot'); },
    reportBadInput: (_jobId, reason) => { throw new Error(reason); },
  });
  const stdout = opts.stdout ?? { write: () => undefined };
  const all: StreamTask[] = [];
  for (const vertex of jobGraph.vertices) {
    for (let subtaskIndex = 0; subtaskIndex < vertex.parallelism; subtaskIndex++) {
      const tdd = deploymentOf(jobGraph, vertex, subtaskIndex);
      const { gate, partitions } = network.setUpTask(tdd, 0);
      all.push(new StreamTask({
        jobId: jobGraph.jobId,
        streamGraph: build().getStreamGraph('in-thread job'),
        vertex,
        subtaskIndex,
        attemptNumber: 0,
        outputs: taskOutputs(tdd.outputs, partitions, jobGraph.vertices),
        input: gate,
        print: { stdout, stderr: stdout },
        bufferTimeoutMs: 5,
        // No coordinator triggers checkpoints here.
        checkpointing: { mode: 'EXACTLY_ONCE', directory: '', responder: { acknowledge: () => undefined, decline: () => undefined } },
      }));
    }
  }
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
