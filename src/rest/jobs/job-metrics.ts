/**
 * A job's metric store with the JobManager-side job metrics Flink registers for every job:
 * numRestarts, uptime and downtime (UpTimeGauge, DownTimeGauge), and for a checkpointing job
 * those of its CheckpointStatsTracker.
 */
import { checkpointFigures, type CheckpointStatsSnapshot } from '../../protocol/checkpoint-stats.js';
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
    ...(graph.checkpointStats ? checkpointMetrics(graph.checkpointStats) : []),
  ]);
}

/** Flink's value of a `lastCheckpoint*` metric before the first completed checkpoint. */
const NO_CHECKPOINT = '-1';

function checkpointMetrics(stats: CheckpointStatsSnapshot): [string, string][] {
  const last = stats.latestCompleted;
  const figures = last && checkpointFigures(last.triggerTimestamp, Object.values(last.subtasks).flat());
  return [
    ['numberOfCompletedCheckpoints', String(stats.counts.completed)],
    ['numberOfFailedCheckpoints', String(stats.counts.failed)],
    ['numberOfInProgressCheckpoints', String(stats.counts.inProgress)],
    ['totalNumberOfCheckpoints', String(stats.counts.total)],
    ['lastCheckpointDuration', figures ? String(figures.endToEndDuration) : NO_CHECKPOINT],
    ['lastCheckpointSize', figures ? String(figures.checkpointedSize) : NO_CHECKPOINT],
    ['lastCheckpointFullSize', figures ? String(figures.stateSize) : NO_CHECKPOINT],
    ['lastCheckpointProcessedData', figures ? String(figures.processedData) : NO_CHECKPOINT],
    ['lastCheckpointPersistedData', figures ? '0' : NO_CHECKPOINT],
    ['lastCheckpointExternalPath', last?.externalPath ?? 'n/a'],
    ['lastCheckpointRestoreTimestamp', stats.latestRestored ? String(stats.latestRestored.restoreTimestamp) : NO_CHECKPOINT],
  ];
}
