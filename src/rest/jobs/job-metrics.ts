/**
 * A job's metric store with the JobManager-side job metrics Flink registers for every job:
 * numRestarts, uptime and downtime (UpTimeGauge, DownTimeGauge).
 */
import type { ArchivedExecutionGraph } from '../../protocol/execution-graph-info.js';
import { GLOBALLY_TERMINAL_JOB_STATUSES } from '../../protocol/states.js';
import type { MetricStore } from '../http/metric-collections.js';

/** Flink's value of uptime and downtime for a job that has ended. */
const NO_LONGER_RUNNING = -1;

/** The job's metrics at time `now`. */
export function jobMetricStore(graph: ArchivedExecutionGraph, now: number): MetricStore {
  const ended = GLOBALLY_TERMINAL_JOB_STATUSES.has(graph.state);
  const running = graph.stateTimestamps.RUNNING ?? 0;
  // The job stopped running when it last failed: it goes to RESTARTING directly or through FAILING.
  const stopped = [graph.stateTimestamps.FAILING, graph.stateTimestamps.RESTARTING].filter((t): t is number => t !== undefined && t > running);
  const uptime = ended ? NO_LONGER_RUNNING : graph.state === 'RUNNING' ? Math.max(0, now - running) : 0;
  const downtime = ended ? NO_LONGER_RUNNING : stopped.length > 0 ? Math.max(0, now - Math.min(...stopped)) : 0;
  // A restart replaces every execution with the next attempt, so the attempt number counts restarts.
  const restarts = graph.vertices[0]?.subtasks[0]?.attemptNumber ?? 0;
  return new Map([
    ['numRestarts', String(restarts)],
    ['uptime', String(uptime)],
    ['downtime', String(downtime)],
  ]);
}
