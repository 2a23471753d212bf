/**
 * Flink's metric queries over metric stores (AbstractMetricsHandler and
 * AbstractAggregatingMetricsHandler): a store maps metric ids to values as strings, as Flink's
 * MetricStore does, so a value too large for a double (Long.MIN_VALUE) stays exact.
 */
import type { Static } from '@sinclair/typebox';
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { AggregatedMetricsSchema, MetricCollectionSchema } from './metric-schemas.js';

/** The metrics of one component (a subtask, a vertex's subtasks, a job), by id. */
export type MetricStore = ReadonlyMap<string, string>;

/** The aggregations Flink computes (MetricsAggregationParameter.AggregationMode). */
const AGGREGATIONS = ['min', 'max', 'avg', 'sum', 'skew'] as const;
type Aggregation = (typeof AGGREGATIONS)[number];

/** The items of a comma-separated query value, trimmed, without empty ones and repeats. */
export function commaList(value: string | undefined): string[] {
  return [...new Set((value ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0))];
}

/** Without `get`, the ids available; with it, the selected metrics that exist (unknown ids are left out). */
export function metricCollectionJson(store: MetricStore, get: string | undefined): Static<typeof MetricCollectionSchema> {
  const requested = commaList(get);
  if (requested.length === 0) return [...store.keys()].map((id) => ({ id }));
  return requested.flatMap((id) => {
    const value = store.get(id);
    return value === undefined ? [] : [{ id, value }];
  });
}

/** `agg` as aggregation modes (case-insensitive); all of them when absent. */
function parseAggregations(agg: string | undefined): Aggregation[] {
  const requested = commaList(agg).map((a) => a.toLowerCase());
  for (const a of requested) {
    if (!(AGGREGATIONS as readonly string[]).includes(a)) {
      throw SluiceError.user(ErrorCode.BAD_REQUEST, `Invalid query parameter 'agg': '${a}' is not one of ${AGGREGATIONS.join(', ')}`);
    }
  }
  return requested.length > 0 ? (requested as Aggregation[]) : [...AGGREGATIONS];
}

/**
 * Flink's data skew: the mean absolute deviation as a percentage of the mean, at most 100
 * (0 when the mean is 0).
 */
function skew(values: number[], avg: number): number {
  if (avg === 0) return 0;
  const deviation = values.reduce((acc, v) => acc + Math.abs(avg - v), 0) / values.length;
  return Math.min((deviation / avg) * 100, 100);
}

/**
 * Without `get`, the ids available in any store; with it, each selected metric aggregated over
 * the stores that have it with a numeric value. A metric no store has is left out (Flink answers
 * an empty list for the whole request then).
 */
export function aggregatedMetricsJson(stores: MetricStore[], get: string | undefined, agg: string | undefined): Static<typeof AggregatedMetricsSchema> {
  const requested = commaList(get);
  const aggregations = parseAggregations(agg);
  if (requested.length === 0) return [...new Set(stores.flatMap((s) => [...s.keys()]))].map((id) => ({ id }));
  return requested.flatMap((id) => {
    const values = stores.map((s) => Number(s.get(id) ?? Number.NaN)).filter((v) => !Number.isNaN(v));
    if (values.length === 0) return [];
    const sum = values.reduce((a, b) => a + b, 0);
    const avg = sum / values.length;
    const all: Record<Aggregation, number> = { min: Math.min(...values), max: Math.max(...values), avg, sum, skew: skew(values, avg) };
    return [{ id, ...Object.fromEntries(aggregations.map((a) => [a, all[a]])) }];
  });
}
