/**
 * Schemas of Flink's metric endpoints. MetricCollectionResponseBody and
 * AggregatedMetricsResponseBody are serialized as bare JSON arrays (their custom serializers),
 * not as the `{"metrics": [...]}` object the OpenAPI spec shows.
 */
import { Type } from '@sinclair/typebox';

/** One metric: only `id` when listing what is available, `id` and `value` (always a string) when selected with `get`. */
export const MetricSchema = Type.Object({
  id: Type.String(),
  value: Type.Optional(Type.String()),
});

/** MetricCollectionResponseBody (also the answer of `.../watermarks`). */
export const MetricCollectionSchema = Type.Array(MetricSchema);

/** One aggregated metric: `id` plus the requested aggregations, as numbers. */
export const AggregatedMetricSchema = Type.Object({
  id: Type.String(),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  avg: Type.Optional(Type.Number()),
  sum: Type.Optional(Type.Number()),
  skew: Type.Optional(Type.Number()),
});

/** AggregatedMetricsResponseBody. */
export const AggregatedMetricsSchema = Type.Array(AggregatedMetricSchema);

const GET = Type.String({ description: 'Comma-separated list of string values to select specific metrics.' });
const AGG = Type.String({ description: 'Comma-separated list of aggregation modes which should be calculated. Available aggregations are: "min, max, sum, avg, skew".' });

/** Query of the single-component metric endpoints. */
export const MetricsQuerySchema = Type.Object({ get: Type.Optional(GET) });

/** Query of `.../subtasks/metrics` (Flink's AggregatedSubtaskMetricsParameters). */
export const SubtaskMetricsAggregationQuerySchema = Type.Object({
  get: Type.Optional(GET),
  agg: Type.Optional(AGG),
  subtasks: Type.Optional(Type.String({ description: 'Comma-separated list of integer ranges (e.g. "1,3,5-9") to select specific subtasks.' })),
});

/** Query of `/jobs/metrics` (Flink's AggregatedJobMetricsParameters). */
export const JobMetricsAggregationQuerySchema = Type.Object({
  get: Type.Optional(GET),
  agg: Type.Optional(AGG),
  jobs: Type.Optional(Type.String({ description: 'Comma-separated list of 32-character hexadecimal strings to select specific jobs.' })),
});
