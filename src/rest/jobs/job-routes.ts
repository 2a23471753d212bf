/** Flink's job endpoints: overviews, details, status, plan, exceptions, config and cancel. */
import type { FastifyInstance } from 'fastify';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { JOB_ID_PARAMS, type JobIdParams } from '../http/schemas.js';
import { cancelJob, checkTerminationMode } from './job-cancel.js';
import { registerCollectCoordinationRoute } from './collect-coordination.js';
import { jobConfigJson } from './job-config.js';
import { jobDetailsJson } from './job-details.js';
import { DEFAULT_MAX_EXCEPTIONS, jobExceptionsJson } from './job-exceptions.js';
import { jobsOverviewBody } from './jobs-overview-body.js';
import { jobExecutionResultJson } from './job-execution-result.js';
import { jobCheckpointsJson } from './job-checkpoints.js';
import { registerVertexRoutes } from './vertex-routes.js';

/** Registers the job routes on `app` (mounted once per prefix). */
export function registerJobRoutes(app: FastifyInstance, dispatcher: DispatcherGateway): void {
  const withJobId = { schema: { params: JOB_ID_PARAMS } };

  // Sent as serialized, so that ended jobs' rows are serialized once (jobs-overview-body.ts).
  app.get('/jobs/overview', async (_req, reply) =>
    reply.type('application/json; charset=utf-8').send(jobsOverviewBody(await dispatcher.listJobs(), Date.now())));

  app.get('/jobs', async () => ({
    jobs: (await dispatcher.listJobs()).map((job) => ({ id: job.jobId, status: job.state })),
  }));

  app.get<{ Params: JobIdParams }>('/jobs/:jobid', withJobId, async (req) =>
    jobDetailsJson(await dispatcher.requestJob(req.params.jobid), Date.now()));

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/status', withJobId, async (req) =>
    ({ status: await dispatcher.requestJobStatus(req.params.jobid) }));

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/plan', withJobId, async (req) =>
    ({ plan: (await dispatcher.requestJob(req.params.jobid)).plan }));

  app.get<{ Params: JobIdParams; Querystring: { maxExceptions?: number } }>('/jobs/:jobid/exceptions', {
    schema: {
      params: JOB_ID_PARAMS,
      querystring: { type: 'object', properties: { maxExceptions: { type: 'integer', minimum: 0 } } },
    },
  }, async (req) => {
    const graph = await dispatcher.requestJob(req.params.jobid);
    return jobExceptionsJson(graph.exceptionHistory, req.query.maxExceptions ?? DEFAULT_MAX_EXCEPTIONS);
  });

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/execution-result', withJobId, async (req) =>
    jobExecutionResultJson(await dispatcher.requestJob(req.params.jobid)));

  registerVertexRoutes(app, dispatcher);

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/checkpoints', withJobId, async (req) =>
    jobCheckpointsJson(await dispatcher.requestJob(req.params.jobid)));

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/config', withJobId, async (req) =>
    jobConfigJson(await dispatcher.requestJob(req.params.jobid)));

  app.patch<{ Params: JobIdParams; Querystring: { mode?: string } }>('/jobs/:jobid', {
    schema: { params: JOB_ID_PARAMS, querystring: { type: 'object', properties: { mode: { type: 'string' } } } },
  }, async (req, reply) => {
    checkTerminationMode(req.query.mode);
    await cancelJob(dispatcher, req.params.jobid);
    return reply.code(202).send({});
  });

  // What the Flink Web UI's "Cancel Job" button calls.
  app.get<{ Params: JobIdParams }>('/jobs/:jobid/yarn-cancel', withJobId, async (req, reply) => {
    await cancelJob(dispatcher, req.params.jobid);
    return reply.code(202).send({});
  });

  registerCollectCoordinationRoute(app, dispatcher);
}
