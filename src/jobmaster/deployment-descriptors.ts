/** Builds the TaskDeploymentDescriptor of one execution, with where its consumers run and what it restores. */
import type { CheckpointMetadata } from '../checkpoint/checkpoint-storage.js';
import type { StateHandle, TaskRestore } from '../protocol/checkpoints.js';
import type { JobGraph } from '../protocol/job-graph.js';
import type { TaskDeploymentDescriptor, TaskLocation } from '../protocol/deployment.js';
import type { Execution, ExecutionGraph } from './execution-graph.js';

function locationOf(e: Execution): TaskLocation {
  const slot = e.slot;
  if (!slot) throw new Error(`Execution ${e.vertex.name} (${e.subtaskIndex}) has no slot`);
  return { executionAttemptId: e.attemptId, allocationId: slot.allocationId, taskManagerId: slot.taskManagerId, dataAddress: slot.dataAddress };
}

/**
 * Looks up what subtask (vertexId, subtaskIndex) restores from `metadata`: its entry, and with its
 * state file the files of all subtasks of its vertex, in subtask order (for union list state).
 */
export function restoredSubtasks(metadata: CheckpointMetadata): (vertexId: string, subtaskIndex: number) => TaskRestore {
  const entries = new Map(metadata.subtasks.map((s) => [`${s.vertexId}/${s.subtaskIndex}`, s]));
  const vertexStates = new Map<string, StateHandle[]>();
  for (const { vertexId, state } of [...metadata.subtasks].sort((a, b) => a.subtaskIndex - b.subtaskIndex)) {
    if (state === undefined) continue;
    const handles = vertexStates.get(vertexId);
    if (handles === undefined) vertexStates.set(vertexId, [state]);
    else handles.push(state);
  }
  return (vertexId, subtaskIndex) => {
    const entry = entries.get(`${vertexId}/${subtaskIndex}`);
    return { checkpointId: metadata.checkpointId, finished: entry?.finished ?? false, ...(entry?.state && { state: entry.state, vertexStates: vertexStates.get(vertexId)! }) };
  };
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
