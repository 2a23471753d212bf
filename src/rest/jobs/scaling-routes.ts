/**
 * `/jobs/:jobid/resource-requirements`, `/jobs/:jobid/rescales/...` and the vertex flame graph.
 * Every Sluice job runs at the parallelism it was submitted with (Flink's default scheduler, no
 * adaptive scheduler), so its requirements are fixed, changing them is refused, and its rescale
 * history is empty. Flame graphs are off, as in Flink by default (`rest.flamegraph.enabled`).
 */
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { EmptyResponseBody, routeSchema } from '../http/route-schema.js';
import { JOB_ID_PARAMS, VERTEX_PARAMS, type JobIdParams, type VertexParams } from '../http/schemas.js';
import {
  FlameGraphQuery, JobRescalesHistory, JobRescalesOverview, JobRescalesSummary, JobResourceRequirementsBody, RescaleDetailsParams, VertexFlameGraph,
} from './scaling-schemas.js';
import { requestVertex } from './vertex-lookup.js';

const TAGS = ['jobs'];
const NO_RESCALES = { completed: 0, failed: 0, ignored: 0, inProgress: 0 };
const NO_DURATIONS = { avg: 0, max: 0, min: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0 };

/** Registers the routes on `app` (mounted once per prefix). */
export function registerScalingRoutes(app: FastifyInstance, dispatcher: DispatcherGateway): void {
  const requirementsOf = async (jobId: string): Promise<JobResourceRequirementsBody> => {
    const graph = await dispatcher.requestJob(jobId);
    return Object.fromEntries(graph.vertices.map((v) => [v.id, { parallelism: { lowerBound: v.parallelism, upperBound: v.parallelism } }]));
  };

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/resource-requirements', {
    schema: routeSchema({ summary: "Request details on the job's resource requirements.", tags: TAGS, params: JOB_ID_PARAMS, response: JobResourceRequirementsBody }),
  }, async (req) => requirementsOf(req.params.jobid));

  app.put<{ Params: JobIdParams; Body: JobResourceRequirementsBody }>('/jobs/:jobid/resource-requirements', {
    schema: routeSchema({ summary: "Request to update job's resource requirements.", tags: TAGS, params: JOB_ID_PARAMS, body: JobResourceRequirementsBody, response: EmptyResponseBody }),
  }, async (req) => {
    const current = await requirementsOf(req.params.jobid);
    const changed = Object.entries(req.body).filter(([id, r]) => {
      const now = current[id];
      if (!now) throw SluiceError.user(ErrorCode.BAD_REQUEST, `Job ${req.params.jobid} has no vertex ${id}`);
      return now.parallelism.lowerBound !== r.parallelism.lowerBound || now.parallelism.upperBound !== r.parallelism.upperBound;
    });
    if (changed.length > 0) {
      throw SluiceError.user(ErrorCode.BAD_REQUEST, `Job ${req.params.jobid} runs at a fixed parallelism: changing resource requirements needs Flink's adaptive scheduler, which Sluice does not have (vertex ${changed[0]![0]}).`);
    }
    return {};
  });

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/rescales/overview', {
    schema: routeSchema({ summary: 'Return job rescales overview.', tags: TAGS, params: JOB_ID_PARAMS, response: JobRescalesOverview }),
  }, async (req): Promise<Static<typeof JobRescalesOverview>> => {
    await dispatcher.requestJobStatus(req.params.jobid);
    return { rescalesCounts: NO_RESCALES, latest: { completed: null, failed: null, ignored: null } };
  });

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/rescales/summary', {
    schema: routeSchema({ summary: 'Return job rescales summary.', tags: TAGS, params: JOB_ID_PARAMS, response: JobRescalesSummary }),
  }, async (req): Promise<Static<typeof JobRescalesSummary>> => {
    await dispatcher.requestJobStatus(req.params.jobid);
    return {
      rescalesCounts: NO_RESCALES,
      rescalesDurationStatsInMillis: NO_DURATIONS,
      completedRescalesDurationStatsInMillis: NO_DURATIONS,
      failedRescalesDurationStatsInMillis: NO_DURATIONS,
      ignoredRescalesDurationStatsInMillis: NO_DURATIONS,
    };
  });

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/rescales/history', {
    schema: routeSchema({ summary: 'Return job rescales history.', tags: TAGS, params: JOB_ID_PARAMS, response: JobRescalesHistory }),
  }, async (req) => {
    await dispatcher.requestJobStatus(req.params.jobid);
    return [];
  });

  app.get<{ Params: Static<typeof RescaleDetailsParams> }>('/jobs/:jobid/rescales/details/:rescaleuuid', {
    schema: routeSchema({ summary: 'Return a job rescale details.', tags: TAGS, params: RescaleDetailsParams, response: EmptyResponseBody }),
  }, async (req) => {
    await dispatcher.requestJobStatus(req.params.jobid);
    throw SluiceError.user(ErrorCode.NOT_FOUND, `Job ${req.params.jobid} has no rescale ${req.params.rescaleuuid}: Sluice runs jobs at a fixed parallelism and never rescales them.`);
  });

  app.get<{ Params: JobIdParams }>('/jobs/:jobid/rescales/config', {
    schema: routeSchema({ summary: 'Returns the job rescale configuration.', tags: TAGS, params: JOB_ID_PARAMS, response: EmptyResponseBody }),
  }, async (req) => {
    await dispatcher.requestJobStatus(req.params.jobid);
    throw SluiceError.user(ErrorCode.NOT_FOUND, `Job ${req.params.jobid} has no rescale configuration: it is not run by the adaptive scheduler (schedulerType Default), and Sluice has no other.`);
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
