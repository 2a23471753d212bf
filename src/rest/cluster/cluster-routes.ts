/** Flink's cluster endpoints: overview, task managers, Web UI config, JobManager config and environment. */
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { Configuration } from '../../common/config/configuration.js';
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { routeSchema } from '../http/route-schema.js';
import { JOB_ID_PARAMS, TASK_MANAGER_ID_PARAMS, type JobIdParams, type TaskManagerIdParams } from '../http/schemas.js';
import { displayValue } from '../sensitive-values.js';
import { buildInfo } from './build-info.js';
import { clusterOverviewJson, dashboardConfigJson } from './cluster-info.js';
import { ClusterOverviewWithVersion, ConfigurationInfo, DashboardConfiguration, EnvironmentInfo, TaskManagerDetailsInfo, TaskManagersInfo } from './cluster-schemas.js';
import { environmentJson } from './environment.js';
import { taskManagerDetailsJson, taskManagerJson } from './task-managers.js';

const TAGS = ['cluster'];
const withJobId = (summary: string, response: TSchema): { schema: FastifySchema } => ({ schema: routeSchema({ summary, tags: ['jobs'], params: JOB_ID_PARAMS, response }) });

/** Registers the cluster routes on `app` (mounted once per prefix). */
export function registerClusterRoutes(app: FastifyInstance, dispatcher: DispatcherGateway, config: Configuration): void {
  app.get('/overview', { schema: routeSchema({ summary: 'Returns an overview over the Flink cluster.', tags: TAGS, response: ClusterOverviewWithVersion }) }, async () =>
    clusterOverviewJson(await dispatcher.requestClusterOverview(), buildInfo()));

  app.get('/taskmanagers', { schema: routeSchema({ summary: 'Returns an overview over all task managers.', tags: ['taskmanagers'], response: TaskManagersInfo }) }, async () => ({
    taskmanagers: (await dispatcher.requestTaskManagers()).map(taskManagerJson),
  }));

  app.get<{ Params: TaskManagerIdParams }>('/taskmanagers/:taskmanagerid', {
    schema: routeSchema({ summary: 'Returns details for a task manager.', tags: ['taskmanagers'], params: TASK_MANAGER_ID_PARAMS, response: TaskManagerDetailsInfo }),
  }, async (req) => {
    const id = req.params.taskmanagerid;
    const tm = (await dispatcher.requestTaskManagers()).find((t) => t.resourceId === id);
    if (!tm) throw SluiceError.user(ErrorCode.NOT_FOUND, `Could not find TaskExecutor ${id}.`);
    return taskManagerDetailsJson(tm, await dispatcher.queryTaskManager(id, 'requestMetrics', []));
  });

  app.get('/config', { schema: routeSchema({ summary: 'Returns the configuration of the WebUI.', tags: TAGS, response: DashboardConfiguration }) }, async () =>
    dashboardConfigJson(config, buildInfo(), new Date()));

  const configEntries = (): ConfigurationInfo => config.effectiveEntries().map(([key, value]) => ({ key, value: displayValue(key, value) }));
  app.get('/jobmanager/config', { schema: routeSchema({ summary: 'Returns the cluster configuration.', tags: ['jobmanager'], response: ConfigurationInfo }) }, async () => configEntries());
  app.get('/jobmanager/environment', { schema: routeSchema({ summary: 'Returns the jobmanager environment.', tags: ['jobmanager'], response: EnvironmentInfo }) }, async () => environmentJson());

  // A session cluster has one JobManager: a job's JobManager config and environment are the cluster's.
  app.get<{ Params: JobIdParams }>('/jobs/:jobid/jobmanager/config', withJobId("Returns the jobmanager's configuration of a specific job.", ConfigurationInfo), async (req) => {
    await dispatcher.requestJobStatus(req.params.jobid);
    return configEntries();
  });
  app.get<{ Params: JobIdParams }>('/jobs/:jobid/jobmanager/environment', withJobId("Returns the jobmanager's environment of a specific job.", EnvironmentInfo), async (req) => {
    await dispatcher.requestJobStatus(req.params.jobid);
    return environmentJson();
  });
}
