/** Finding a job's vertex or subtask for a route, with Flink's 404 when there is none. */
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { ArchivedExecution, ArchivedExecutionGraph, ArchivedExecutionJobVertex } from '../../protocol/execution-graph-info.js';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import type { VertexParams } from '../http/schemas.js';

/** A vertex with the job snapshot it was taken from. */
export interface VertexInJob {
  graph: ArchivedExecutionGraph;
  vertex: ArchivedExecutionJobVertex;
}

/** The job's vertex; 404 naming the job (unknown job) or the vertex (unknown vertex). */
export async function requestVertex(dispatcher: DispatcherGateway, params: VertexParams): Promise<VertexInJob> {
  const graph = await dispatcher.requestJob(params.jobid);
  const vertex = graph.vertices.find((v) => v.id === params.vertexid);
  if (!vertex) throw new SluiceError(ErrorCode.NOT_FOUND, `Job ${graph.jobId} has no vertex ${params.vertexid}`, { kind: 'user' });
  return { graph, vertex };
}

/** The subtask's current attempt; 404 naming how many subtasks the vertex has. */
export function subtaskOf(vertex: ArchivedExecutionJobVertex, subtaskIndex: number): ArchivedExecution {
  const subtask = vertex.subtasks[subtaskIndex];
  if (!subtask) throw new SluiceError(ErrorCode.NOT_FOUND, `Vertex ${vertex.id} has ${vertex.parallelism} subtasks; there is no subtask ${subtaskIndex}`, { kind: 'user' });
  return subtask;
}
