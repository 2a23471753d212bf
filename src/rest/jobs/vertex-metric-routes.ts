/**
 * Flink's metric views of a job vertex: its task metrics, aggregated subtask metrics, one
 * subtask's metrics, watermarks and back pressure.
 */
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { SUBTASK_PARAMS, VERTEX_PARAMS, type SubtaskParams, type VertexParams } from '../http/schemas.js';
import { JobVertexBackPressureSchema } from './backpressure-schemas.js';
import { vertexBackPressureJson } from './backpressure.js';
import { aggregatedMetricsJson, metricCollectionJson } from '../http/metric-collections.js';
import { AggregatedMetricsSchema, MetricCollectionSchema, MetricsQuerySchema, SubtaskMetricsAggregationQuerySchema } from '../http/metric-schemas.js';
import { parseSubtaskRanges } from './subtask-ranges.js';
import { CURRENT_INPUT_WATERMARK, subtaskMetricStore, vertexHasInputs, vertexMetricStore } from './task-metrics.js';
import { requestVertex, subtaskOf } from './vertex-lookup.js';
import { routeSchema } from '../http/route-schema.js';

type MetricsQuery = Static<typeof MetricsQuerySchema>;
type AggregationQuery = Static<typeof SubtaskMetricsAggregationQuerySchema>;

/** Registers the routes on `app` (mounted once per prefix). */
export function registerVertexMetricRoutes(app: FastifyInstance, dispatcher: DispatcherGateway): void {
  const tags = ['jobs'];

  app.get<{ Params: VertexParams; Querystring: MetricsQuery }>('/jobs/:jobid/vertices/:vertexid/metrics', {
    schema: routeSchema({ summary: 'Provides access to task metrics.', tags, params: VERTEX_PARAMS, querystring: MetricsQuerySchema, response: MetricCollectionSchema }),
  }, async (req) => {
    const { graph, vertex } = await requestVertex(dispatcher, req.params);
    return metricCollectionJson(vertexMetricStore(vertex, vertexHasInputs(graph, vertex.id)), req.query.get);
  });

  app.get<{ Params: VertexParams; Querystring: AggregationQuery }>('/jobs/:jobid/vertices/:vertexid/subtasks/metrics', {
    schema: routeSchema({ summary: 'Provides access to aggregated subtask metrics.', tags, params: VERTEX_PARAMS, querystring: SubtaskMetricsAggregationQuerySchema, response: AggregatedMetricsSchema }),
  }, async (req) => {
    const { graph, vertex } = await requestVertex(dispatcher, req.params);
    const selected = req.query.subtasks === undefined ? () => true : parseSubtaskRanges(req.query.subtasks);
    const hasInputs = vertexHasInputs(graph, vertex.id);
    const stores = vertex.subtasks.filter((s) => selected(s.subtaskIndex)).map((s) => subtaskMetricStore(s, hasInputs));
    return aggregatedMetricsJson(stores, req.query.get, req.query.agg);
  });

  app.get<{ Params: SubtaskParams; Querystring: MetricsQuery }>('/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex/metrics', {
    schema: routeSchema({ summary: 'Provides access to subtask metrics.', tags, params: SUBTASK_PARAMS, querystring: MetricsQuerySchema, response: MetricCollectionSchema }),
  }, async (req) => {
    const { graph, vertex } = await requestVertex(dispatcher, req.params);
    const subtask = subtaskOf(vertex, req.params.subtaskindex);
    return metricCollectionJson(subtaskMetricStore(subtask, vertexHasInputs(graph, vertex.id)), req.query.get);
  });

  // Flink's JobVertexWatermarksHandler: each subtask's input watermark gauge, where it has one.
  app.get<{ Params: VertexParams }>('/jobs/:jobid/vertices/:vertexid/watermarks', {
    schema: routeSchema({ summary: 'Returns the watermarks for all subtasks of a task.', tags, params: VERTEX_PARAMS, response: MetricCollectionSchema }),
  }, async (req) => {
    const { graph, vertex } = await requestVertex(dispatcher, req.params);
    const ids = vertex.subtasks.map((s) => `${s.subtaskIndex}.${CURRENT_INPUT_WATERMARK}`);
    return metricCollectionJson(vertexMetricStore(vertex, vertexHasInputs(graph, vertex.id)), ids.join(','));
  });

  app.get<{ Params: VertexParams }>('/jobs/:jobid/vertices/:vertexid/backpressure', {
    schema: routeSchema({ summary: 'Returns back-pressure information for a job, and may initiate back-pressure sampling if necessary.', tags, params: VERTEX_PARAMS, response: JobVertexBackPressureSchema }),
  }, async (req) => vertexBackPressureJson((await requestVertex(dispatcher, req.params)).vertex));
}
