/**
 * `/jobs/:jobid/resource-requirements`, `/jobs/:jobid/rescales/...` and the vertex flame graph.
 * A PUT of new requirements reaches the job's JobMaster, which rescales the job asynchronously
 * (docs/checkpoints.md, "Rescaling a running job"); the rescales it records are read from the
 * job's snapshot, so an ended job still shows them. Flame graphs are off, as in Flink by default
 * (`rest.flamegraph.enabled`).
 */
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorCode, SluiceError } from '../../common/errors.js';
import { hashId } from '../../common/ids.js';
import { summarize } from '../../protocol/checkpoint-stats.js';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { RESCALE_HISTORY_MAX, currentRequirements, type JobRescale, type RescaleTerminalState } from '../../protocol/rescales.js';
import { EmptyResponseBody, routeSchema } from '../http/route-schema.js';
import { JOB_ID_PARAMS, VERTEX_PARAMS, type JobIdParams, type VertexParams } from '../http/schemas.js';
import {
  FlameGraphQuery, JobRescaleConfigInfo, JobRescaleDetails, JobRescalesHistory, JobRescalesOverview, JobRescalesSummary, JobResourceRequirementsBody,
  RescaleDetailsParams, VertexFlameGraph,
} from './scaling-schemas.js';
import { requestVertex } from './vertex-lookup.js';

const TAGS = ['jobs'];

/** Flink's JobRescaleDetails of a recorded rescale of job `jobId`: what it has not got yet is null. */
function details(jobId: string, rescale: JobRescale): JobRescaleDetails {
  const slotSharingGroupId = hashId('slot-sharing-group', jobId);
  return {
    ...rescale,
    endTimestampInMillis: rescale.endTimestampInMillis ?? null,
    terminalState: rescale.terminalState ?? null,
    terminatedReason: rescale.terminatedReason ?? null,
    vertices: Object.fromEntries(Object.entries(rescale.vertices).map(([id, v]) => [id, { ...v, slotSharingGroupId, slotSharingGroupName: 'default', postRescaleParallelism: v.postRescaleParallelism ?? null }])),
    slots: {},
    schedulerStates: rescale.schedulerStates.map((p) => ({ ...p, leaveTimestampInMillis: p.leaveTimestampInMillis ?? null, durationInMillis: p.durationInMillis ?? null, stringifiedException: p.stringifiedException ?? null })),
  };
}

function countsOf(rescales: readonly JobRescale[]): Static<typeof JobRescalesOverview>['rescalesCounts'] {
  const ended = (state: RescaleTerminalState): number => rescales.filter((r) => r.terminalState === state).length;
  return { completed: ended('COMPLETED'), failed: ended('FAILED'), ignored: ended('IGNORED'), inProgress: rescales.filter((r) => r.terminalState === undefined).length };
}

/** Durations (ms) of the ended rescales that match `filter`, summarized as Flink's StatsSummaryDto. */
function durations(rescales: readonly JobRescale[], filter: (r: JobRescale) => boolean = () => true): Static<typeof JobRescalesSummary>['rescalesDurationStatsInMillis'] {
  return summarize(rescales.filter((r) => r.endTimestampInMillis !== undefined && filter(r)).map((r) => r.endTimestampInMillis! - r.startTimestampInMillis));
}

/** Registers the routes on `app` (mounted once per prefix). */
export function registerScalingRoutes(app: FastifyInstance, dispatcher: DispatcherGateway): void {
  const rescalesOf = async (jobId: string): Promise<JobRescale[]> => (await dispatcher.requestJob(jobId)).rescales ?? [];

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/resource-requirements', {
    schema: routeSchema({ summary: "Request details on the job's resource requirements.", tags: TAGS, params: JOB_ID_PARAMS, response: JobResourceRequirementsBody }),
  }, async (req) => currentRequirements((await dispatcher.requestJob(req.params.jobid)).vertices));

  app.put<{ Params: JobIdParams; Body: JobResourceRequirementsBody }>('/jobs/:jobid/resource-requirements', {
    schema: routeSchema({ summary: "Request to update job's resource requirements.", tags: TAGS, params: JOB_ID_PARAMS, body: JobResourceRequirementsBody, response: EmptyResponseBody }),
  }, async (req) => {
    await dispatcher.updateJobResourceRequirements(req.params.jobid, req.body);
    return {};
  });

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/rescales/overview', {
    schema: routeSchema({ summary: 'Return job rescales overview.', tags: TAGS, params: JOB_ID_PARAMS, response: JobRescalesOverview }),
  }, async (req): Promise<JobRescalesOverview> => {
    const rescales = await rescalesOf(req.params.jobid);
    const latest = (state: RescaleTerminalState): JobRescaleDetails | null => {
      const found = rescales.findLast((r) => r.terminalState === state);
      return found ? details(req.params.jobid, found) : null;
    };
    return { rescalesCounts: countsOf(rescales), latest: { completed: latest('COMPLETED'), failed: latest('FAILED'), ignored: latest('IGNORED') } };
  });

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/rescales/summary', {
    schema: routeSchema({ summary: 'Return job rescales summary.', tags: TAGS, params: JOB_ID_PARAMS, response: JobRescalesSummary }),
  }, async (req): Promise<JobRescalesSummary> => {
    const rescales = await rescalesOf(req.params.jobid);
    return {
      rescalesCounts: countsOf(rescales),
      rescalesDurationStatsInMillis: durations(rescales),
      completedRescalesDurationStatsInMillis: durations(rescales, (r) => r.terminalState === 'COMPLETED'),
      failedRescalesDurationStatsInMillis: durations(rescales, (r) => r.terminalState === 'FAILED'),
      ignoredRescalesDurationStatsInMillis: durations(rescales, (r) => r.terminalState === 'IGNORED'),
    };
  });

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/rescales/history', {
    schema: routeSchema({ summary: 'Return job rescales history.', tags: TAGS, params: JOB_ID_PARAMS, response: JobRescalesHistory }),
  }, async (req) => (await rescalesOf(req.params.jobid)).map((r) => details(req.params.jobid, r)).reverse());

  app.get<{ Params: Static<typeof RescaleDetailsParams> }>('/jobs/:jobid/rescales/details/:rescaleuuid', {
    schema: routeSchema({ summary: 'Return a job rescale details.', tags: TAGS, params: RescaleDetailsParams, response: JobRescaleDetails }),
  }, async (req) => {
    const found = (await rescalesOf(req.params.jobid)).find((r) => r.rescaleUuid === req.params.rescaleuuid);
    if (!found) throw SluiceError.user(ErrorCode.NOT_FOUND, `Job ${req.params.jobid} has no rescale ${req.params.rescaleuuid} (the history keeps the latest ${RESCALE_HISTORY_MAX}).`);
    return details(req.params.jobid, found);
  });

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/rescales/config', {
    schema: routeSchema({ summary: 'Returns the job rescale configuration.', tags: TAGS, params: JOB_ID_PARAMS, response: JobRescaleConfigInfo }),
  }, async (req): Promise<JobRescaleConfigInfo> => {
    await dispatcher.requestJobStatus(req.params.jobid);
    // A rescale starts on request at once and never on its own, so none of the adaptive scheduler's waits exist.
    return {
      rescaleHistoryMax: RESCALE_HISTORY_MAX,
      schedulerExecutionMode: null,
      submissionResourceWaitTimeoutInMillis: 0,
      submissionResourceStabilizationTimeoutInMillis: 0,
      slotIdleTimeoutInMillis: 0,
      executingCooldownTimeoutInMillis: 0,
      executingResourceStabilizationTimeoutInMillis: 0,
      maximumDelayForTriggeringRescaleInMillis: 0,
      rescaleOnFailedCheckpointCount: 0,
    };
  });

  app.get<{ Params: VertexParams; Querystring: Static<typeof FlameGraphQuery> }>('/jobs/:jobid/vertices/:vertexid/flamegraph', {
    schema: routeSchema({
      summary: 'Returns flame graph information for a vertex, and may initiate flame graph sampling if necessary.',
      tags: TAGS, params: VERTEX_PARAMS, querystring: FlameGraphQuery, response: VertexFlameGraph,
    }),
  }, async (req) => {
    await requestVertex(dispatcher, req.params);
    return { endTimestamp: -1, data: null };
  });
}
