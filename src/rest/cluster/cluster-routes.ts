/** Flink's cluster endpoints: overview, task managers, Web UI config, JobManager config and environment. */
import type { FastifyInstance } from 'fastify';
import type { Configuration } from '../../common/config/configuration.js';
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { JOB_ID_PARAMS, type JobIdParams } from '../http/schemas.js';
import { displayValue } from '../sensitive-values.js';
import { buildInfo } from './build-info.js';
import { clusterOverviewJson, dashboardConfigJson } from './cluster-info.js';
import { environmentJson } from './environment.js';
import { taskManagerDetailsJson, taskManagerJson } from './task-managers.js';

/** Registers the cluster routes on `app` (mounted once per prefix). */
export function registerClusterRoutes(app: FastifyInstance, dispatcher: DispatcherGateway, config: Configuration): void {
  app.get('/overview', async () => clusterOverviewJson(await dispatcher.requestClusterOverview(), buildInfo()));

  app.get('/taskmanagers', async () => ({
    taskmanagers: (await dispatcher.requestTaskManagers()).map(taskManagerJson),
  }));

  app.get<{ Params: { taskmanagerid: string } }>('/taskmanagers/:taskmanagerid', async (req) => {
    const id = req.params.taskmanagerid;
    const tm = (await dispatcher.requestTaskManagers()).find((t) => t.resourceId === id);
    if (!tm) throw SluiceError.user(ErrorCode.NOT_FOUND, `Could not find TaskExecutor ${id}.`);
    return taskManagerDetailsJson(tm);
  });

  app.get('/config', async () => dashboardConfigJson(config, buildInfo(), new Date()));

  const configEntries = (): { key: string; value: string }[] => config.effectiveEntries().map(([key, value]) => ({ key, value: displayValue(key, value) }));
  app.get('/jobmanager/config', async () => configEntries());
  app.get('/jobmanager/environment', async () => environmentJson());

  // A session cluster has one JobManager: a job's JobManager config and environment are the cluster's.
  app.get<{ Params: JobIdParams }>('/jobs/:jobid/jobmanager/config', { schema: { params: JOB_ID_PARAMS } }, async (req) => {
    await dispatcher.requestJobStatus(req.params.jobid);
    return configEntries();
  });
  app.get<{ Params: JobIdParams }>('/jobs/:jobid/jobmanager/environment', { schema: { params: JOB_ID_PARAMS } }, async (req) => {
    await dispatcher.requestJobStatus(req.params.jobid);
    return environmentJson();
  });
}
