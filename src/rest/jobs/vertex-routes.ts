/** Flink's routes under `/jobs/:jobid/vertices/:vertexid`: vertex details, a subtask, subtask times, per-TaskManager view. */
import type { FastifyInstance } from 'fastify';
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { ArchivedExecutionJobVertex } from '../../protocol/execution-graph-info.js';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { SUBTASK_PARAMS, VERTEX_PARAMS, type SubtaskParams, type VertexParams } from '../http/schemas.js';
import { jobVertexDetailsJson, subtaskJson, subtaskTimesJson, vertexTaskManagersJson } from './job-vertex-details.js';

export function registerVertexRoutes(app: FastifyInstance, dispatcher: DispatcherGateway): void {
  /** The vertex, or a 404 naming the job and vertex. */
  const vertexOf = async (params: VertexParams): Promise<ArchivedExecutionJobVertex> => {
    const graph = await dispatcher.requestJob(params.jobid);
    const vertex = graph.vertices.find((v) => v.id === params.vertexid);
    if (!vertex) throw new SluiceError(ErrorCode.NOT_FOUND, `Job ${graph.jobId} has no vertex ${params.vertexid}`, { kind: 'user' });
    return vertex;
  };

  app.get<{ Params: VertexParams }>('/jobs/:jobid/vertices/:vertexid', { schema: { params: VERTEX_PARAMS } }, async (req) =>
    jobVertexDetailsJson(await vertexOf(req.params), Date.now()));

  app.get<{ Params: VertexParams }>('/jobs/:jobid/vertices/:vertexid/subtasktimes', { schema: { params: VERTEX_PARAMS } }, async (req) =>
    subtaskTimesJson(await vertexOf(req.params), Date.now()));

  app.get<{ Params: VertexParams }>('/jobs/:jobid/vertices/:vertexid/taskmanagers', { schema: { params: VERTEX_PARAMS } }, async (req) =>
    vertexTaskManagersJson(await vertexOf(req.params), Date.now()));

  app.get<{ Params: SubtaskParams }>('/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex', { schema: { params: SUBTASK_PARAMS } }, async (req) => {
    const vertex = await vertexOf(req.params);
    const subtask = vertex.subtasks[req.params.subtaskindex];
    if (!subtask) throw new SluiceError(ErrorCode.NOT_FOUND, `Vertex ${vertex.id} has ${vertex.parallelism} subtasks; there is no subtask ${req.params.subtaskindex}`, { kind: 'user' });
    return subtaskJson(subtask, Date.now());
  });
}
