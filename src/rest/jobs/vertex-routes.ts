/** Flink's routes under `/jobs/:jobid/vertices/:vertexid`: vertex details, a subtask, subtask times, per-TaskManager view. */
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { ArchivedExecution, ArchivedExecutionJobVertex } from '../../protocol/execution-graph-info.js';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { ATTEMPT_PARAMS, SUBTASK_PARAMS, VERTEX_PARAMS, type AttemptParams, type SubtaskParams, type VertexParams } from '../http/schemas.js';
import { routeSchema } from '../http/route-schema.js';
import { JobVertexDetailsInfo, JobVertexTaskManagersInfo, SubtaskExecutionAttemptDetailsInfo, SubtasksTimesInfo } from './vertex-schemas.js';
import { requestVertex, subtaskOf } from './vertex-lookup.js';
import { jobVertexDetailsJson, subtaskJson, subtaskTimesJson, vertexTaskManagersJson } from './job-vertex-details.js';

export function registerVertexRoutes(app: FastifyInstance, dispatcher: DispatcherGateway): void {
  const vertexOf = async (params: VertexParams): Promise<ArchivedExecutionJobVertex> => (await requestVertex(dispatcher, params)).vertex;

  const schema = (summary: string, params: unknown, response: TSchema): { schema: FastifySchema } => ({ schema: routeSchema({ summary, tags: ['jobs'], params, response }) });

  app.get<{ Params: VertexParams }>('/jobs/:jobid/vertices/:vertexid', schema('Returns details for a task, with a summary for each of its subtasks.', VERTEX_PARAMS, JobVertexDetailsInfo), async (req) =>
    jobVertexDetailsJson(await vertexOf(req.params), Date.now()));

  app.get<{ Params: VertexParams }>('/jobs/:jobid/vertices/:vertexid/subtasktimes', schema('Returns time-related information for all subtasks of a task.', VERTEX_PARAMS, SubtasksTimesInfo), async (req) =>
    subtaskTimesJson(await vertexOf(req.params), Date.now()));

  app.get<{ Params: VertexParams }>('/jobs/:jobid/vertices/:vertexid/taskmanagers', schema('Returns task information aggregated by task manager.', VERTEX_PARAMS, JobVertexTaskManagersInfo), async (req) =>
    vertexTaskManagersJson(await vertexOf(req.params), Date.now()));

  const currentAttempt = async (params: SubtaskParams): Promise<ArchivedExecution> => subtaskOf(await vertexOf(params), params.subtaskindex);

  app.get<{ Params: SubtaskParams }>('/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex', schema('Returns details of the current or latest execution attempt of a subtask.', SUBTASK_PARAMS, SubtaskExecutionAttemptDetailsInfo), async (req) =>
    subtaskJson(await currentAttempt(req.params), Date.now()));

  // Only the current attempt of a subtask is kept (earlier ones are in the exception history).
  app.get<{ Params: AttemptParams }>('/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/attempts/:attempt', schema('Returns details of an execution attempt of a subtask.', ATTEMPT_PARAMS, SubtaskExecutionAttemptDetailsInfo), async (req) => {
    const subtask = await currentAttempt(req.params);
    if (subtask.attemptNumber !== req.params.attempt) {
      throw new SluiceError(ErrorCode.NOT_FOUND, `Subtask ${req.params.subtaskindex} has no attempt ${req.params.attempt}: only its current attempt (${subtask.attemptNumber}) is kept`, { kind: 'user' });
    }
    return subtaskJson(subtask, Date.now());
  });
}
