/**
 * Live rates of a running job's vertices: one aggregated-metrics request per vertex per refresh
 * (`.../subtasks/metrics`, summed or maxed over subtasks on the server), never one per subtask.
 */
import type { AggregatedMetrics, JobDetailsInfo } from '../../../src/rest/api-types.js';
import { getJson } from '../api.js';
import type { VertexRates } from '../job-graph/vertex-rates.js';
import { usePoll } from '../use-poll.js';

const METRICS = ['numRecordsInPerSecond', 'numRecordsOutPerSecond', 'busyTimeMsPerSecond', 'backPressuredTimeMsPerSecond'];

/** Rates per vertex id while the job runs; an empty map otherwise (ended subtasks have no rates). */
export function useVertexRates(job: JobDetailsInfo): { rates?: ReadonlyMap<string, VertexRates>; error?: Error } {
  const running = job.state === 'RUNNING';
  const ids = job.vertices.map((v) => v.id);
  const { data, error } = usePoll(`rates:${job.jid}:${running}:${ids.join()}`, async () => {
    if (!running) return new Map<string, VertexRates>();
    const answers = await Promise.all(ids.map((id) =>
      getJson<AggregatedMetrics>(`/jobs/${job.jid}/vertices/${id}/subtasks/metrics?get=${METRICS.join(',')}&agg=sum,max`)));
    return new Map(ids.map((id, i) => [id, toRates(answers[i]!)]));
  });
  return { rates: data, error };
}

function toRates(metrics: AggregatedMetrics): VertexRates {
  const get = (id: string): { sum: number; max: number } => {
    const m = metrics.find((x) => x.id === id);
    return { sum: m?.sum ?? 0, max: m?.max ?? 0 };
  };
  return {
    recordsInPerSecond: get('numRecordsInPerSecond').sum,
    recordsOutPerSecond: get('numRecordsOutPerSecond').sum,
    // ms per second → percent.
    busyPercent: get('busyTimeMsPerSecond').max / 10,
    backPressuredPercent: get('backPressuredTimeMsPerSecond').max / 10,
  };
}
