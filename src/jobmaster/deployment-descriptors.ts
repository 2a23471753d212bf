/** Builds the TaskDeploymentDescriptor of one execution, with where its consumers run and what it restores. */
import type { TaskRestore } from '../protocol/checkpoints.js';
import type { JobGraph } from '../protocol/job-graph.js';
import type { TaskDeploymentDescriptor, TaskLocation } from '../protocol/deployment.js';
import type { Execution, ExecutionGraph } from './execution-graph.js';

function locationOf(e: Execution): TaskLocation {
  const slot = e.slot;
  if (!slot) throw new Error(`Execution ${e.vertex.name} (${e.subtaskIndex}) has no slot`);
  return { executionAttemptId: e.attemptId, allocationId: slot.allocationId, taskManagerId: slot.taskManagerId, dataAddress: slot.dataAddress };
}

/**
 * The descriptor for `e`, with the job configuration its task reads (`jobConfig`) and, when set,
 * the checkpoint state it restores; every execution of the graph must have a slot already.
 */
export function createDeploymentDescriptor(graph: ExecutionGraph, e: Execution, jobConfig: Record<string, string>, restore?: TaskRestore): TaskDeploymentDescriptor {
  const jobGraph: JobGraph = graph.jobGraph;
  const v = e.vertex;
  const parallelismOf = (id: string): number => jobGraph.vertices.find((x) => x.id === id)!.parallelism;
  return {
    jobId: jobGraph.jobId,
    jobName: jobGraph.jobName,
    executionAttemptId: e.attemptId,
    allocationId: e.slot!.allocationId,
    vertexId: v.id,
    taskName: v.name,
    subtaskIndex: e.subtaskIndex,
    attemptNumber: e.attemptNumber,
    parallelism: v.parallelism,
    maxParallelism: v.maxParallelism,
    fingerprint: jobGraph.fingerprint,
    program: jobGraph.program,
    jobConfig,
    ...(restore && { restore }),
    inputs: v.inputs.map((edge) => ({
      sourceVertexId: edge.sourceVertexId,
      shipStrategy: edge.shipStrategy,
      sourceNodeId: edge.sourceNodeId,
      targetNodeId: edge.targetNodeId,
      numberOfProducers: parallelismOf(edge.sourceVertexId),
      producers: graph.byVertex.get(edge.sourceVertexId)!.map(locationOf),
    })),
    outputs: jobGraph.vertices.flatMap((target) =>
      target.inputs
        .filter((edge) => edge.sourceVertexId === v.id)
        .map((edge) => ({
          targetVertexId: target.id,
          shipStrategy: edge.shipStrategy,
          sourceNodeId: edge.sourceNodeId,
          targetNodeId: edge.targetNodeId,
          consumers: graph.byVertex.get(target.id)!.map(locationOf),
        })),
    ),
  };
}
