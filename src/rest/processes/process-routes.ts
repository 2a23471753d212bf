/**
 * Flink's per-process endpoints, once for the JobManager (`/jobmanager/...`) and once for each
 * TaskManager (`/taskmanagers/:taskmanagerid/...`): log list, log, stdout, a log file by name,
 * thread dump and metrics. The two differ only in which ProcessInfoGateway answers.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static, type TObject } from '@sinclair/typebox';
import type { LogFileSelector } from '../../common/process-info/process-introspection.js';
import type { DispatcherGateway, ProcessInfoGateway } from '../../protocol/gateways.js';
import type { LogRangeQuery } from './byte-range.js';
import { sendLogFile } from './log-file-response.js';
import { metricCollectionJson, type MetricStore } from '../http/metric-collections.js';
import type { MetricValue } from '../../common/process-info/process-metrics.js';
import { MetricCollectionSchema, MetricsQuerySchema } from '../http/metric-schemas.js';
import {
  LOG_TEXT_RESPONSE, LogFileNameParamsSchema, LogListInfoSchema, LogRangeQuerySchema,
  ThreadDumpInfoSchema,
} from './process-schemas.js';
import { taskManagerProcess } from './task-manager-process.js';
import { ErrorResponseBody, routeSchema } from '../http/route-schema.js';
import { TASK_MANAGER_ID_PARAMS, type TaskManagerIdParams } from '../http/schemas.js';

/** One kind of process: where its routes live and who answers for a request. */
interface ProcessKind {
  path: string;
  tag: 'jobmanager' | 'taskmanagers';
  /** "the JobManager" / "a TaskManager", for the route summaries. */
  noun: string;
  params: TObject;
  gateway(req: FastifyRequest): ProcessInfoGateway;
  /** Flink's descriptions where the spec has them (they differ between the two kinds). */
  logsSummary: string;
  threadDumpSummary: string;
  metricsSummary: string;
}

/** `params` plus the properties of `extra`. */
function withParams(params: TObject, extra: TObject): TObject {
  return Type.Object({ ...params.properties, ...extra.properties });
}

function registerProcessKind(app: FastifyInstance, kind: ProcessKind, maxLogBytes: number): void {
  const { path, tag, noun, params } = kind;
  const logFileRoute = (url: string, summary: string, file: (req: FastifyRequest) => LogFileSelector, routeParams = params): void => {
    app.get<{ Querystring: LogRangeQuery }>(url, {
      schema: { summary, tags: [tag], params: routeParams, querystring: LogRangeQuerySchema, response: { 200: LOG_TEXT_RESPONSE, 206: LOG_TEXT_RESPONSE, '4xx': ErrorResponseBody, '5xx': ErrorResponseBody } },
    }, async (req, reply) => sendLogFile(req, reply, kind.gateway(req), file(req), maxLogBytes));
  };

  app.get(`${path}/logs`, { schema: routeSchema({ summary: kind.logsSummary, tags: [tag], params, response: LogListInfoSchema }) },
    async (req): Promise<Static<typeof LogListInfoSchema>> => ({ logs: await kind.gateway(req).requestLogList() }));
  logFileRoute(`${path}/log`, `Returns the log file of ${noun}.`, () => ({ kind: 'log' }));
  logFileRoute(`${path}/stdout`, `Returns the stdout file (.out) of ${noun}.`, () => ({ kind: 'stdout' }));
  logFileRoute(`${path}/logs/:filename`, `Returns a log file of ${noun} by name.`,
    (req) => ({ kind: 'file', name: (req.params as Static<typeof LogFileNameParamsSchema>).filename }), withParams(params, LogFileNameParamsSchema));

  app.get(`${path}/thread-dump`, { schema: routeSchema({ summary: kind.threadDumpSummary, tags: [tag], params, response: ThreadDumpInfoSchema }) },
    async (req): Promise<Static<typeof ThreadDumpInfoSchema>> => ({ threadInfos: await kind.gateway(req).requestThreadDump() }));
  app.get<{ Querystring: Static<typeof MetricsQuerySchema> }>(`${path}/metrics`, {
    schema: routeSchema({ summary: kind.metricsSummary, tags: [tag], params, querystring: MetricsQuerySchema, response: MetricCollectionSchema }),
  }, async (req): Promise<Static<typeof MetricCollectionSchema>> => metricCollectionJson(metricStore(await kind.gateway(req).requestMetrics()), req.query.get));
}

/** Registers the JobManager's and the TaskManagers' process routes; `jobManager` answers for this process. */
export function registerProcessRoutes(app: FastifyInstance, deps: { dispatcher: DispatcherGateway; jobManager: ProcessInfoGateway; maxLogBytes: number }): void {
  registerProcessKind(app, {
    path: '/jobmanager',
    tag: 'jobmanager',
    noun: 'the JobManager',
    params: Type.Object({}),
    gateway: () => deps.jobManager,
    logsSummary: 'Returns the list of log files on the JobManager.',
    threadDumpSummary: 'Returns the thread dump of the JobManager.',
    metricsSummary: 'Provides access to job manager metrics.',
  }, deps.maxLogBytes);
  registerProcessKind(app, {
    path: '/taskmanagers/:taskmanagerid',
    tag: 'taskmanagers',
    noun: 'a TaskManager',
    params: TASK_MANAGER_ID_PARAMS,
    gateway: (req) => taskManagerProcess(deps.dispatcher, (req.params as TaskManagerIdParams).taskmanagerid),
    logsSummary: 'Returns the list of log files on a TaskManager.',
    threadDumpSummary: 'Returns the thread dump of the requested TaskManager.',
    metricsSummary: 'Provides access to task manager metrics.',
  }, deps.maxLogBytes);
}

/** A process's metrics as a metric store (values as strings, as Flink's MetricStore keeps them). */
function metricStore(metrics: readonly MetricValue[]): MetricStore {
  return new Map(metrics.map((m) => [m.id, String(m.value)]));
}
