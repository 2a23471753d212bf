/** Flink's routes under `/jobs/:jobid/vertices/:vertexid`: vertex details, a subtask, subtask times, per-TaskManager view. */
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { ArchivedExecutionJobVertex } from '../../protocol/execution-graph-info.js';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { ATTEMPT_PARAMS, SUBTASK_PARAMS, VERTEX_PARAMS, type AttemptParams, type SubtaskParams, type VertexParams } from '../http/schemas.js';
import type { ArchivedExecution } from '../../protocol/execution-graph-info.js';
import { routeSchema } from '../http/route-schema.js';
import { JobVertexDetailsInfo, JobVertexTaskManagersInfo, SubtaskExecutionAttemptDetailsInfo, SubtasksTimesInfo } from './vertex-schemas.js';
import { jobVertexDetailsJson, subtaskJson, subtaskTimesJson, vertexTaskManagersJson } from './job-vertex-details.js';

export function registerVertexRoutes(app: FastifyInstance, dispatcher: DispatcherGateway): void {
  /** The vertex, or a 404 naming the job and vertex. */
  const vertexOf = async (params: VertexParams): Promise<ArchivedExecutionJobVertex> => {
    const graph = await dispatcher.requestJob(params.jobid);
    const vertex = graph.vertices.find((v) => v.id === params.vertexid);
    if (!vertex) throw new SluiceError(ErrorCode.NOT_FOUND, `Job ${graph.jobId} has no vertex ${params.vertexid}`, { kind: 'user' });
    return vertex;
  };

  const schema = (summary: string, params: unknown, response: TSchema): { schema: FastifySchema } => ({ schema: routeSchema({ summary, tags: ['jobs'], params, response }) });

  app.get<{ Params: VertexParams }>('/jobs/:jobid/vertices/:vertexid', schema('Returns details for a task, with a summary for each of its subtasks.', VERTEX_PARAMS, JobVertexDetailsInfo), async (req) =>
    jobVertexDetailsJson(await vertexOf(req.params), Date.now()));

  app.get<{ Params: VertexParams }>('/jobs/:jobid/vertices/:vertexid/subtasktimes', schema('Returns time-related information for all subtasks of a task.', VERTEX_PARAMS, SubtasksTimesInfo), async (req) =>
    subtaskTimesJson(await vertexOf(req.params), Date.now()));

  app.get<{ Params: VertexParams }>('/jobs/:jobid/vertices/:vertexid/taskmanagers', schema('Returns task information aggregated by task manager.', VERTEX_PARAMS, JobVertexTaskManagersInfo), async (req) =>
    vertexTaskManagersJson(await vertexOf(req.params), Date.now()));

  /** The subtask's current attempt, or a 404 naming how many subtasks there are. */
  const subtaskOf = async (params: SubtaskParams): Promise<ArchivedExecution> => {
    const vertex = await vertexOf(params);
    const subtask = vertex.subtasks[params.subtaskindex];
    if (!subtask) throw new SluiceError(ErrorCode.NOT_FOUND, `Vertex ${vertex.id} has ${vertex.parallelism} subtasks; there is no subtask ${params.subtaskindex}`, { kind: 'user' });
    return subtask;
  };

  app.get<{ Params: SubtaskParams }>('/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex', schema('Returns details of the current or latest execution attempt of a subtask.', SUBTASK_PARAMS, SubtaskExecutionAttemptDetailsInfo), async (req) =>
    subtaskJson(await subtaskOf(req.params), Date.now()));

  // Only the current attempt of a subtask is kept (earlier ones are in the exception history).
  app.get<{ Params: AttemptParams }>('/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/attempts/:attempt', schema('Returns details of an execution attempt of a subtask.', ATTEMPT_PARAMS, SubtaskExecutionAttemptDetailsInfo), async (req) => {
    const subtask = await subtaskOf(req.params);
    if (subtask.attemptNumber !== req.params.attempt) {
      throw new SluiceError(ErrorCode.NOT_FOUND, `Subtask ${req.params.subtaskindex} has no attempt ${req.params.attempt}: only its current attempt (${subtask.attemptNumber}) is kept`, { kind: 'user' });
    }
    return subtaskJson(subtask, Date.now());
  });
}
