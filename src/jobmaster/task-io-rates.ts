/**
 * Flink's per-second task metrics (numRecordsInPerSecond, busyTimeMsPerSecond, ...) from two
 * consecutive counter reports of one attempt: tasks only count, the JobMaster divides.
 */
import type { TaskIOMetrics } from '../protocol/deployment.js';
import type { TaskIORates } from '../protocol/execution-graph-info.js';

/** A counter report and when it arrived (ms since epoch). */
export interface MetricsReport {
  metrics: TaskIOMetrics;
  at: number;
}

/**
 * The rates between `previous` and `current`, or undefined when no time passed between them.
 * Time shares are capped at 1000 ms/s: reports travel with jitter, so an interval can carry a
 * little more task time than wall time.
 */
export function ioRates(previous: MetricsReport, current: MetricsReport): TaskIORates | undefined {
  const seconds = (current.at - previous.at) / 1000;
  if (!(seconds > 0)) return undefined;
  const perSecond = (pick: (m: TaskIOMetrics) => number): number => Math.max(0, pick(current.metrics) - pick(previous.metrics)) / seconds;
  const msPerSecond = (pick: (m: TaskIOMetrics) => number): number => Math.min(1000, Math.round(perSecond(pick)));
  return {
    numRecordsInPerSecond: perSecond((m) => m.numRecordsIn),
    numRecordsOutPerSecond: perSecond((m) => m.numRecordsOut),
    numBytesInPerSecond: perSecond((m) => m.numBytesIn),
    numBytesOutPerSecond: perSecond((m) => m.numBytesOut),
    busyTimeMsPerSecond: msPerSecond((m) => m.accumulateBusyTime),
    idleTimeMsPerSecond: msPerSecond((m) => m.accumulateIdleTime),
    backPressuredTimeMsPerSecond: msPerSecond((m) => m.accumulateBackPressuredTime),
    measuredAt: current.at,
  };
}
