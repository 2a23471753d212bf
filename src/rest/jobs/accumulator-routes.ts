/** Flink's accumulator routes of a job and of its vertices (all empty until Sluice has accumulators). */
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
// The route schemas' `summary` and `tags` are typed by @fastify/swagger's augmentation of FastifySchema.
import type {} from '@fastify/swagger';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { JOB_ID_PARAMS, VERTEX_PARAMS, type JobIdParams, type VertexParams } from '../http/schemas.js';
import { JobAccumulatorsQuerySchema, JobAccumulatorsSchema, JobVertexAccumulatorsSchema, SubtasksAllAccumulatorsSchema } from './accumulator-schemas.js';
import { jobAccumulatorsJson, subtasksAccumulatorsJson, vertexAccumulatorsJson } from './accumulators.js';
import { requestVertex } from './vertex-lookup.js';

/** Registers the routes on `app` (mounted once per prefix). */
export function registerAccumulatorRoutes(app: FastifyInstance, dispatcher: DispatcherGateway): void {
  const tags = ['jobs'];

  app.get<{ Params: JobIdParams; Querystring: Static<typeof JobAccumulatorsQuerySchema> }>('/jobs/:jobid/accumulators', {
    schema: { summary: 'Returns the accumulators for all tasks of a job, aggregated across the respective subtasks.', tags, params: JOB_ID_PARAMS, querystring: JobAccumulatorsQuerySchema, response: { 200: JobAccumulatorsSchema } },
  }, async (req) => {
    await dispatcher.requestJob(req.params.jobid);
    return jobAccumulatorsJson();
  });

  app.get<{ Params: VertexParams }>('/jobs/:jobid/vertices/:vertexid/accumulators', {
    schema: { summary: 'Returns user-defined accumulators of a task, aggregated across all subtasks.', tags, params: VERTEX_PARAMS, response: { 200: JobVertexAccumulatorsSchema } },
  }, async (req) => vertexAccumulatorsJson((await requestVertex(dispatcher, req.params)).vertex));

  app.get<{ Params: VertexParams }>('/jobs/:jobid/vertices/:vertexid/subtasks/accumulators', {
    schema: { summary: 'Returns all user-defined accumulators for all subtasks of a task.', tags, params: VERTEX_PARAMS, response: { 200: SubtasksAllAccumulatorsSchema } },
  }, async (req) => subtasksAccumulatorsJson((await requestVertex(dispatcher, req.params)).vertex));
}
