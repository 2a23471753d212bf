/** Flink's job endpoints: overviews, details, status, plan, exceptions, config and cancel. */
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { DispatcherGateway } from '../../protocol/gateways.js';
// Declares the route option `changesState`.
import type {} from '../http/origin-guard.js';
import { DISABLED_ROUTE, disabledRoute } from '../http/disabled-route.js';
import { EmptyResponseBody, routeSchema, type RouteSchemaOptions } from '../http/route-schema.js';
import { JOB_ID_PARAMS, type JobIdParams } from '../http/schemas.js';
import { cancelJob, checkTerminationMode } from './job-cancel.js';
import { registerCollectCoordinationRoute } from './collect-coordination.js';
import { jobConfigJson } from './job-config.js';
import { jobDetailsBody } from './job-details-body.js';
import { DEFAULT_MAX_EXCEPTIONS, jobExceptionsJson } from './job-exceptions.js';
import { jobsOverviewBody } from './jobs-overview-body.js';
import { jobExecutionResultJson } from './job-execution-result.js';
import { CheckpointingStatisticsSchema } from './checkpoint-schemas.js';
import { jobCheckpointsJson } from './job-checkpoints.js';
import {
  JobConfigInfo, JobDetailsInfo, JobExceptionsInfoWithHistory, JobExecutionResultResponseBody,
  JobIdsWithStatusOverview, JobPlanInfo, JobStatusInfo, MultipleJobsDetails,
} from './job-schemas.js';
import { registerScalingRoutes } from './scaling-routes.js';
import { registerVertexRoutes } from './vertex-routes.js';
import { registerJobMonitoringRoutes } from './job-monitoring-routes.js';

const TAGS = ['jobs'];

/** The schema of a `/jobs/:jobid/...` route answering `response`. */
function withJobId(summary: string, response: TSchema, extra: Partial<RouteSchemaOptions> = {}): { schema: FastifySchema } {
  return { schema: routeSchema({ summary, tags: TAGS, params: JOB_ID_PARAMS, response, ...extra }) };
}

/**
 * Registers the job routes on `app` (mounted once per prefix). Without `cancelEnabled`
 * (`web.cancel.enable`) the cancel routes answer 404.
 */
export function registerJobRoutes(app: FastifyInstance, dispatcher: DispatcherGateway, cancelEnabled: boolean): void {
  // Sent as serialized, so that ended jobs' rows are serialized once (jobs-overview-body.ts); the
  // schema documents the answer (Fastify sends a string payload as it is).
  app.get('/jobs/overview', { schema: routeSchema({ summary: 'Returns an overview over all jobs.', tags: TAGS, response: MultipleJobsDetails }) }, async (_req, reply) =>
    reply.type('application/json; charset=utf-8').send(jobsOverviewBody(await dispatcher.listJobs(), Date.now())));

  app.get('/jobs', { schema: routeSchema({ summary: 'Returns an overview over all jobs and their current state.', tags: TAGS, response: JobIdsWithStatusOverview }) }, async () => ({
    jobs: (await dispatcher.listJobs()).map((job) => ({ id: job.jobId, status: job.state })),
  }));

  app.get<{ Params: JobIdParams }>('/jobs/:jobid', withJobId('Returns details of a job.', JobDetailsInfo), async (req, reply) => {
    const body = jobDetailsBody(await dispatcher.requestJob(req.params.jobid), Date.now());
    // An ended job's answer comes serialized (job-details-body.ts); Fastify sends a string as it is.
    return typeof body === 'string' ? reply.type('application/json; charset=utf-8').send(body) : body;
  });

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/status', withJobId('Returns the current status of a job execution.', JobStatusInfo), async (req) =>
    ({ status: await dispatcher.requestJobStatus(req.params.jobid) }));

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/plan', withJobId('Returns the dataflow plan of a job.', JobPlanInfo), async (req) =>
    ({ plan: (await dispatcher.requestJob(req.params.jobid)).plan }));

  app.get<{ Params: JobIdParams; Querystring: { maxExceptions?: number } }>('/jobs/:jobid/exceptions', withJobId(
    'Returns the most recent exceptions that have been handled by Flink for this job.',
    JobExceptionsInfoWithHistory,
    { querystring: { type: 'object', properties: { maxExceptions: { type: 'integer', minimum: 0, description: 'Comma-separated list of integer values that specifies the upper limit of exceptions to return.' } } } },
  ), async (req) => {
    return jobExceptionsJson(await dispatcher.requestJob(req.params.jobid), req.query.maxExceptions ?? DEFAULT_MAX_EXCEPTIONS);
  });

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/execution-result', withJobId('Returns the result of a job execution.', JobExecutionResultResponseBody), async (req) =>
    jobExecutionResultJson(await dispatcher.requestJob(req.params.jobid)));

  registerVertexRoutes(app, dispatcher);

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/checkpoints', withJobId('Returns checkpointing statistics for a job.', CheckpointingStatisticsSchema), async (req) =>
    jobCheckpointsJson(await dispatcher.requestJob(req.params.jobid)));

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/config', withJobId('Returns the configuration of a job.', JobConfigInfo), async (req) =>
    jobConfigJson(await dispatcher.requestJob(req.params.jobid)));

  if (cancelEnabled) registerCancelRoutes(app, dispatcher);
  else {
    // Flink keeps its REST cancel routes and only hides the dashboard's button; Sluice takes the
    // switch as an access control, so that a cluster that says "no cancelling" means it.
    const disabled = disabledRoute('job cancellation', 'web.cancel.enable');
    app.patch('/jobs/:jobid', DISABLED_ROUTE, disabled);
    app.get('/jobs/:jobid/yarn-cancel', DISABLED_ROUTE, disabled);
  }

  registerCollectCoordinationRoute(app, dispatcher);
  registerJobMonitoringRoutes(app, dispatcher);
  registerScalingRoutes(app, dispatcher);
}

/** `PATCH /jobs/:jobid?mode=cancel` and the legacy `GET /jobs/:jobid/yarn-cancel`. */
function registerCancelRoutes(app: FastifyInstance, dispatcher: DispatcherGateway): void {
  app.patch<{ Params: JobIdParams; Querystring: { mode?: string } }>('/jobs/:jobid', withJobId('Terminates a job.', EmptyResponseBody, {
    status: 202,
    querystring: { type: 'object', properties: { mode: { type: 'string', description: "String value that specifies the termination mode. The only supported value is: 'cancel'." } } },
  }), async (req, reply) => {
    checkTerminationMode(req.query.mode);
    await cancelJob(dispatcher, req.params.jobid);
    return reply.code(202).send({});
  });

  // What the Flink Web UI's "Cancel Job" button calls. A GET that changes state: the origin guard
  // refuses it from other sites' pages.
  const yarnCancel = { ...withJobId('Terminates a job (the legacy GET the Flink Web UI sends).', EmptyResponseBody, { status: 202 }), config: { changesState: true } };
  app.get<{ Params: JobIdParams }>('/jobs/:jobid/yarn-cancel', yarnCancel, async (req, reply) => {
    await cancelJob(dispatcher, req.params.jobid);
    return reply.code(202).send({});
  });
}
