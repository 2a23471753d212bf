/** Flink's job metrics: `GET /jobs/:jobid/metrics` and, aggregated over jobs, `GET /jobs/metrics`. */
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { ArchivedExecutionGraph } from '../../protocol/execution-graph-info.js';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { ID_SCHEMA, JOB_ID_PARAMS, type JobIdParams } from '../http/schemas.js';
import { jobMetricStore } from './job-metrics.js';
import { aggregatedMetricsJson, commaList, metricCollectionJson } from '../http/metric-collections.js';
import { AggregatedMetricsSchema, JobMetricsAggregationQuerySchema, MetricCollectionSchema, MetricsQuerySchema } from '../http/metric-schemas.js';
import { routeSchema } from '../http/route-schema.js';

const JOB_ID = new RegExp(ID_SCHEMA.pattern);

/** The ids of `?jobs=`; 400 for one that is not a job id. */
function parseJobIds(value: string): string[] {
  const ids = commaList(value);
  const bad = ids.find((id) => !JOB_ID.test(id));
  if (bad !== undefined) throw SluiceError.user(ErrorCode.BAD_REQUEST, `Invalid query parameter 'jobs': '${bad}' is not a 32-character hexadecimal job id`);
  return ids;
}

/** Registers the routes on `app` (mounted once per prefix). */
export function registerJobMetricRoutes(app: FastifyInstance, dispatcher: DispatcherGateway): void {
  const tags = ['jobs'];

  /** The snapshot of a job, or undefined if it is unknown (expired between listing and asking). */
  const jobIfKnown = (jobId: string): Promise<ArchivedExecutionGraph | undefined> =>
    dispatcher.requestJob(jobId).catch((err: unknown) => {
      if (err instanceof SluiceError && err.code === ErrorCode.JOB_NOT_FOUND) return undefined;
      throw err;
    });

  app.get<{ Querystring: Static<typeof JobMetricsAggregationQuerySchema> }>('/jobs/metrics', {
    schema: routeSchema({ summary: 'Provides access to aggregated job metrics.', tags, querystring: JobMetricsAggregationQuerySchema, response: AggregatedMetricsSchema }),
  }, async (req) => {
    const ids = req.query.jobs === undefined ? (await dispatcher.listJobs()).map((j) => j.jobId) : parseJobIds(req.query.jobs);
    const now = Date.now();
    const graphs = await Promise.all(ids.map(jobIfKnown));
    const stores = graphs.flatMap((g) => (g ? [jobMetricStore(g, now)] : []));
    return aggregatedMetricsJson(stores, req.query.get, req.query.agg);
  });

  app.get<{ Params: JobIdParams; Querystring: Static<typeof MetricsQuerySchema> }>('/jobs/:jobid/metrics', {
    schema: routeSchema({ summary: 'Provides access to job metrics.', tags, params: JOB_ID_PARAMS, querystring: MetricsQuerySchema, response: MetricCollectionSchema }),
  }, async (req) => metricCollectionJson(jobMetricStore(await dispatcher.requestJob(req.params.jobid), Date.now()), req.query.get));
}
