/**
 * `/jobs/:jobid/jobmanager/log-url` and `/jobs/:jobid/taskmanagers/:taskmanagerid/log-url`:
 * Flink's GeneratedLogUrlHandler, the URL of a job's logs in an external log system, built from
 * `historyserver.log.{jobmanager,taskmanager}.url-pattern`. Flink registers these routes only
 * when a pattern is set; Sluice answers 404 naming the missing key instead. As in Flink, only
 * http(s) patterns count, and the TaskManager need not exist any more (its logs may outlive it).
 */
import type { FastifyInstance } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { Configuration } from '../../common/config/configuration.js';
import { HistoryServerOptions } from '../../common/config/options.js';
import type { ConfigOption } from '../../common/config/config-option.js';
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { JOB_ID_PARAMS, type JobIdParams, type TaskManagerIdParams } from '../http/schemas.js';
import { JobTaskManagerParamsSchema, LogUrlResponseSchema } from './process-schemas.js';
import { routeSchema } from '../http/route-schema.js';

type LogUrl = Static<typeof LogUrlResponseSchema>;

/** The URL from the pattern of `option` with `<placeholder>`s replaced; NOT_FOUND when none is usable. */
export function logUrlJson(config: Configuration, option: ConfigOption<string>, values: Record<string, string>): LogUrl {
  const pattern = config.get(option).trim();
  if (!/^https?:\/\//i.test(pattern)) {
    const why = pattern === '' ? 'is not set' : `'${pattern}' is not an http or https URL`;
    throw SluiceError.user(ErrorCode.NOT_FOUND, `No log URL: ${option.key} ${why}.`);
  }
  return { url: pattern.replace(/<(\w+)>/g, (whole, name: string) => values[name] ?? whole) };
}

/** Registers both log-url routes; an unknown job is a 404 as for every job route. */
export function registerLogUrlRoutes(app: FastifyInstance, dispatcher: DispatcherGateway, config: Configuration): void {
  app.get<{ Params: { jobid: string } }>('/jobs/:jobid/jobmanager/log-url', {
    schema: routeSchema({ summary: 'Returns the log url of jobmanager of a specific job.', tags: ['jobs'], params: JOB_ID_PARAMS, response: LogUrlResponseSchema }),
  }, async (req): Promise<LogUrl> => {
    await dispatcher.requestJobStatus(req.params.jobid);
    return logUrlJson(config, HistoryServerOptions.JOBMANAGER_LOG_URL_PATTERN, { jobid: req.params.jobid });
  });
  app.get<{ Params: JobIdParams & TaskManagerIdParams }>('/jobs/:jobid/taskmanagers/:taskmanagerid/log-url', {
    // Flink's description of this route does say "jobmanager".
    schema: routeSchema({ summary: 'Returns the log url of jobmanager of a specific job.', tags: ['jobs'], params: JobTaskManagerParamsSchema, response: LogUrlResponseSchema }),
  }, async (req): Promise<LogUrl> => {
    await dispatcher.requestJobStatus(req.params.jobid);
    return logUrlJson(config, HistoryServerOptions.TASKMANAGER_LOG_URL_PATTERN, { jobid: req.params.jobid, tmid: req.params.taskmanagerid });
  });
}
