/** Flink's accumulator routes of a job and of its vertices (all empty until Sluice has accumulators). */
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { JOB_ID_PARAMS, VERTEX_PARAMS, type JobIdParams, type VertexParams } from '../http/schemas.js';
import { JobAccumulatorsQuerySchema, JobAccumulatorsSchema, JobVertexAccumulatorsSchema, SubtasksAllAccumulatorsSchema } from './accumulator-schemas.js';
import { jobAccumulatorsJson, subtasksAccumulatorsJson, vertexAccumulatorsJson } from './accumulators.js';
import { requestVertex } from './vertex-lookup.js';
import { routeSchema } from '../http/route-schema.js';

/** Registers the routes on `app` (mounted once per prefix). */
export function registerAccumulatorRoutes(app: FastifyInstance, dispatcher: DispatcherGateway): void {
  const tags = ['jobs'];

  app.get<{ Params: JobIdParams; Querystring: Static<typeof JobAccumulatorsQuerySchema> }>('/jobs/:jobid/accumulators', {
    schema: routeSchema({ summary: 'Returns the accumulators for all tasks of a job, aggregated across the respective subtasks.', tags, params: JOB_ID_PARAMS, querystring: JobAccumulatorsQuerySchema, response: JobAccumulatorsSchema }),
  }, async (req) => {
    await dispatcher.requestJob(req.params.jobid);
    return jobAccumulatorsJson();
  });

  app.get<{ Params: VertexParams }>('/jobs/:jobid/vertices/:vertexid/accumulators', {
    schema: routeSchema({ summary: 'Returns user-defined accumulators of a task, aggregated across all subtasks.', tags, params: VERTEX_PARAMS, response: JobVertexAccumulatorsSchema }),
  }, async (req) => vertexAccumulatorsJson((await requestVertex(dispatcher, req.params)).vertex));

  app.get<{ Params: VertexParams }>('/jobs/:jobid/vertices/:vertexid/subtasks/accumulators', {
    schema: routeSchema({ summary: 'Returns all user-defined accumulators for all subtasks of a task.', tags, params: VERTEX_PARAMS, response: SubtasksAllAccumulatorsSchema }),
  }, async (req) => subtasksAccumulatorsJson((await requestVertex(dispatcher, req.params)).vertex));
}
