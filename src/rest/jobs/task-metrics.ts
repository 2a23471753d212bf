/**
 * The metric stores of a vertex's subtasks, with Flink's task metric names, from the counters the
 * TaskExecutors report and the rates the JobMaster derives from them.
 */
import type { ArchivedExecution, ArchivedExecutionGraph, ArchivedExecutionJobVertex, TaskIORates } from '../../protocol/execution-graph-info.js';
import type { MetricStore } from '../http/metric-collections.js';

/** Flink's task-level input watermark gauge (MetricNames.IO_CURRENT_INPUT_WATERMARK). */
export const CURRENT_INPUT_WATERMARK = 'currentInputWatermark';

/**
 * What Flink's watermark gauge shows until a watermark arrives: Long.MIN_VALUE. Sluice has no
 * event time yet, so no watermark ever arrives.
 */
const NO_WATERMARK = String(-(2n ** 63n));

const RATES: readonly Exclude<keyof TaskIORates, 'measuredAt'>[] = [
  'numRecordsInPerSecond', 'numRecordsOutPerSecond', 'numBytesInPerSecond', 'numBytesOutPerSecond',
  'busyTimeMsPerSecond', 'idleTimeMsPerSecond', 'backPressuredTimeMsPerSecond',
];

/** Whether the vertex consumes another vertex's output (sources register no input watermark in Flink). */
export function vertexHasInputs(graph: ArchivedExecutionGraph, vertexId: string): boolean {
  return (graph.plan.nodes.find((n) => n.id === vertexId)?.inputs.length ?? 0) > 0;
}

/**
 * One subtask's metrics; empty until its current attempt has been deployed (before that Flink
 * has no metrics of it either). Rates exist only while the attempt runs and has reported twice.
 */
export function subtaskMetricStore(s: ArchivedExecution, hasInputs: boolean): MetricStore {
  const store = new Map<string, string>();
  if (s.stateTimestamps.DEPLOYING === undefined) return store;
  const m = s.metrics;
  store.set('numRecordsIn', String(m.numRecordsIn));
  store.set('numRecordsOut', String(m.numRecordsOut));
  store.set('numBytesIn', String(m.numBytesIn));
  store.set('numBytesOut', String(m.numBytesOut));
  store.set('accumulateBusyTimeMs', String(m.accumulateBusyTime));
  store.set('accumulateIdleTimeMs', String(m.accumulateIdleTime));
  store.set('accumulateBackPressuredTimeMs', String(m.accumulateBackPressuredTime));
  const rates = s.rates;
  if (rates) for (const name of RATES) store.set(name, String(rates[name]));
  if (hasInputs) store.set(CURRENT_INPUT_WATERMARK, NO_WATERMARK);
  return store;
}

/** The vertex's task metric store: every subtask's metrics, ids prefixed with the subtask index as in Flink (`0.numRecordsIn`). */
export function vertexMetricStore(vertex: ArchivedExecutionJobVertex, hasInputs: boolean): MetricStore {
  const store = new Map<string, string>();
  for (const s of vertex.subtasks) {
    for (const [id, value] of subtaskMetricStore(s, hasInputs)) store.set(`${s.subtaskIndex}.${id}`, value);
  }
  return store;
}
