/** Flink's checkpoint configuration, checkpoint detail and manual checkpoint routes of a job. */
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { JOB_ID_PARAMS, type JobIdParams } from '../http/schemas.js';
import { checkpointConfigJson, checkpointStatsOf } from './checkpoint-config.js';
import { checkpointStatisticsJson, findCheckpoint, taskCheckpointDetailsJson } from './checkpoint-statistics.js';
import { CheckpointConfigSchema, CheckpointParamsSchema, CheckpointStatisticsSchema, TaskCheckpointParamsSchema, TaskCheckpointStatisticsWithSubtaskDetailsSchema } from './checkpoint-schemas.js';
import { routeSchema } from '../http/route-schema.js';
import { registerCheckpointTriggerRoutes } from './checkpoint-trigger-routes.js';

/** Registers the routes on `app` (mounted once per prefix). */
export function registerCheckpointRoutes(app: FastifyInstance, dispatcher: DispatcherGateway): void {
  const tags = ['jobs'];

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/checkpoints/config', {
    schema: routeSchema({ summary: 'Returns the checkpointing configuration.', tags, params: JOB_ID_PARAMS, response: CheckpointConfigSchema }),
  }, async (req) => checkpointConfigJson(await dispatcher.requestJob(req.params.jobid)));

  app.get<{ Params: Static<typeof CheckpointParamsSchema> }>('/jobs/:jobid/checkpoints/details/:checkpointid', {
    schema: routeSchema({ summary: 'Returns details for a checkpoint.', tags, params: CheckpointParamsSchema, response: CheckpointStatisticsSchema }),
  }, async (req) => {
    const graph = await dispatcher.requestJob(req.params.jobid);
    const stats = checkpointStatsOf(graph, `Checkpointing was not enabled for job ${graph.jobId}.`);
    return checkpointStatisticsJson(findCheckpoint(stats, req.params.checkpointid), true);
  });

  app.get<{ Params: Static<typeof TaskCheckpointParamsSchema> }>('/jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid', {
    schema: routeSchema({ summary: 'Returns checkpoint statistics for a task and its subtasks.', tags, params: TaskCheckpointParamsSchema, response: TaskCheckpointStatisticsWithSubtaskDetailsSchema }),
  }, async (req) => {
    const graph = await dispatcher.requestJob(req.params.jobid);
    const stats = checkpointStatsOf(graph, `Checkpointing was not enabled for job ${graph.jobId}.`);
    return taskCheckpointDetailsJson(findCheckpoint(stats, req.params.checkpointid), req.params.vertexid);
  });

  registerCheckpointTriggerRoutes(app, dispatcher);
}
