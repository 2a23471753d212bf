/**
 * `GET /jobs/:jobid/checkpoints/config` (Flink's CheckpointConfigInfo) from the job's checkpoint
 * settings, and Flink's 404 for a job that does not checkpoint.
 */
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { CheckpointStatsSnapshot } from '../../protocol/checkpoint-stats.js';
import type { ArchivedExecutionGraph } from '../../protocol/execution-graph-info.js';
import type { CheckpointConfig } from './checkpoint-schemas.js';

const TEN_MINUTES = 600_000;

/** The job's checkpoint statistics; Flink's 404 (its message `notEnabled`) when it does not checkpoint. */
export function checkpointStatsOf(graph: ArchivedExecutionGraph, notEnabled: string): CheckpointStatsSnapshot {
  if (!graph.checkpointStats) throw SluiceError.user(ErrorCode.NOT_FOUND, notEnabled);
  return graph.checkpointStats;
}

export function checkpointConfigJson(graph: ArchivedExecutionGraph): CheckpointConfig {
  const s = checkpointStatsOf(graph, `Checkpointing is not enabled for this job (${graph.jobId}).`).settings;
  return {
    mode: s.mode,
    interval: s.interval,
    timeout: s.timeout,
    min_pause: s.minPause,
    max_concurrent: s.maxConcurrent,
    externalization: { enabled: s.retention !== 'NO_EXTERNALIZED_CHECKPOINTS', delete_on_cancellation: s.retention === 'DELETE_ON_CANCELLATION' },
    // Keyed state lives on the heap and checkpoints go to files, as with Flink's defaults plus a checkpoint directory.
    state_backend: 'HashMapStateBackend',
    checkpoint_storage: 'FileSystemCheckpointStorage',
    unaligned_checkpoints: false,
    tolerable_failed_checkpoints: s.tolerableFailures,
    aligned_checkpoint_timeout: 0,
    checkpoints_after_tasks_finish: true,
    state_changelog_enabled: false,
    changelog_periodic_materialization_interval: TEN_MINUTES,
    changelog_storage: 'memory',
  };
}
