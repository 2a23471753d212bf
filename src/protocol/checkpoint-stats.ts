/**
 * A job's checkpoint settings and statistics as the JobMaster reports them (Flink's
 * CheckpointCoordinatorConfiguration and CheckpointStatsSnapshot): carried by the
 * ArchivedExecutionGraph, so the REST layer reads them through `requestJob` and they stay in the
 * archive of a finished job.
 */
import { checkpointedSizeOf, type CheckpointingMode, type SubtaskCheckpointMetrics } from './checkpoints.js';

/** `execution.checkpointing.externalized-checkpoint-retention`. */
export type ExternalizedCheckpointRetention = 'DELETE_ON_CANCELLATION' | 'RETAIN_ON_CANCELLATION' | 'NO_EXTERNALIZED_CHECKPOINTS';

/** A job's checkpoint settings, as checked at submission (durations in ms). */
export interface CheckpointSettings {
  /** 0: no periodic checkpoints (savepoints are still taken on request). */
  interval: number;
  mode: CheckpointingMode;
  timeout: number;
  minPause: number;
  maxConcurrent: number;
  tolerableFailures: number;
  numRetained: number;
  retention: ExternalizedCheckpointRetention;
  /** The checkpoint directory; each job's checkpoints are in `<dir>/<job id>/`. */
  directory: string;
  /** `execution.checkpointing.savepoint-dir`: where a savepoint goes when its request names no directory. */
  savepointDirectory?: string;
}

/** Flink's CheckpointStatsStatus. */
export type CheckpointStatsStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

/** What one subtask reported for one checkpoint. */
export interface SubtaskCheckpointStats {
  ackTimestamp: number;
  metrics: SubtaskCheckpointMetrics;
  /** The subtask had finished before the checkpoint was triggered (its figures are zero). */
  finished: boolean;
}

/** One checkpoint: pending, completed or failed (Flink's AbstractCheckpointStats). */
export interface CheckpointStats {
  id: number;
  status: CheckpointStatsStatus;
  /** A savepoint (Flink's `is_savepoint`): kept by its owner, never counted among the retained checkpoints. */
  savepoint: boolean;
  triggerTimestamp: number;
  /** By vertex id: one entry per subtask, undefined until it acknowledged. */
  subtasks: Record<string, (SubtaskCheckpointStats | undefined)[]>;
  /** Completed: its directory (Flink's external path). */
  externalPath?: string;
  /** Completed: its directory was deleted since (subsumed, or the job ended). */
  discarded?: boolean;
  failureTimestamp?: number;
  failureMessage?: string;
}

/** min/max/avg and percentiles of one figure over the completed checkpoints (Flink's StatsSummaryDto). */
export interface StatsSummary {
  min: number;
  max: number;
  avg: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
}

/** The checkpoint a round of the job restored from. */
export interface RestoredCheckpointStats {
  id: number;
  restoreTimestamp: number;
  externalPath: string;
  /** It was a savepoint (a job started from one), not one of the job's checkpoints. */
  isSavepoint: boolean;
}

/** Everything `/jobs/:id/checkpoints` and its sub-routes show. */
export interface CheckpointStatsSnapshot {
  settings: CheckpointSettings;
  counts: { restored: number; total: number; inProgress: number; completed: number; failed: number };
  /** Over the completed checkpoints; undefined before the first one. */
  summary?: { stateSize: StatsSummary; checkpointedSize: StatsSummary; endToEndDuration: StatsSummary; processedData: StatsSummary };
  /** Most recent first, at most `web.checkpoints.history` entries. */
  history: CheckpointStats[];
  latestCompleted?: CheckpointStats;
  latestSavepoint?: CheckpointStats;
  latestFailed?: CheckpointStats;
  latestRestored?: RestoredCheckpointStats;
}

/** The figures of a checkpoint, or of one task of it, summed over its subtasks (Flink's TaskStateStats). */
export interface CheckpointFigures {
  /** The latest acknowledgement; the trigger timestamp before the first. */
  latestAckTimestamp: number;
  /** The whole state the checkpoint stands for (an incremental one's earlier files too). */
  stateSize: number;
  /** What the checkpoint wrote (Flink's checkpointed size): less than `stateSize` when incremental. */
  checkpointedSize: number;
  /** From the trigger to the latest acknowledgement. */
  endToEndDuration: number;
  processedData: number;
  numSubtasks: number;
  numAcknowledgedSubtasks: number;
}

/** Sums the figures of `subtasks` of a checkpoint triggered at `triggerTimestamp`. */
export function checkpointFigures(triggerTimestamp: number, subtasks: readonly (SubtaskCheckpointStats | undefined)[]): CheckpointFigures {
  let latestAckTimestamp = triggerTimestamp;
  let stateSize = 0;
  let checkpointedSize = 0;
  let processedData = 0;
  let numAcknowledgedSubtasks = 0;
  for (const s of subtasks) {
    if (!s) continue;
    numAcknowledgedSubtasks++;
    latestAckTimestamp = Math.max(latestAckTimestamp, s.ackTimestamp);
    stateSize += s.metrics.stateSize;
    checkpointedSize += checkpointedSizeOf(s.metrics);
    processedData += s.metrics.processedData;
  }
  return { latestAckTimestamp, stateSize, checkpointedSize, endToEndDuration: latestAckTimestamp - triggerTimestamp, processedData, numSubtasks: subtasks.length, numAcknowledgedSubtasks };
}

/** The summary of `values` (none: all zeros, as Flink's empty StatsSummary shows). */
export function summarize(values: readonly number[]): StatsSummary {
  if (values.length === 0) return { min: 0, max: 0, avg: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const quantile = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    min: sorted[0]!, max: sorted.at(-1)!,
    // Flink divides longs: the average is a whole number.
    avg: Math.floor(sum / sorted.length),
    p50: quantile(0.5), p90: quantile(0.9), p95: quantile(0.95), p99: quantile(0.99), p999: quantile(0.999),
  };
}
