/** Flink's metric query (`?get=a,b`) over a process's metrics. */
import type { Static } from '@sinclair/typebox';
import type { MetricValue } from '../../common/process-info/process-metrics.js';
import type { MetricCollectionSchema } from './process-schemas.js';

/**
 * Without a selection, the ids of every metric; with `get`, the selected metrics with their values
 * as strings, in the order asked for. Unknown ids are left out, as in Flink.
 */
export function metricCollectionJson(metrics: readonly MetricValue[], get: string | undefined): Static<typeof MetricCollectionSchema> {
  const wanted = [...new Set((get ?? '').split(',').map((id) => id.trim()).filter((id) => id !== ''))];
  if (wanted.length === 0) return metrics.map((m) => ({ id: m.id }));
  const byId = new Map(metrics.map((m) => [m.id, m.value]));
  return wanted.flatMap((id) => (byId.has(id) ? [{ id, value: String(byId.get(id)) }] : []));
}
