/**
 * Flink's JSON of one checkpoint (CheckpointStatistics), of one task of it
 * (TaskCheckpointStatistics) and of its subtasks (TaskCheckpointStatisticsWithSubtaskDetails),
 * from the JobMaster's statistics.
 */
import { ErrorCode, SluiceError } from '../../common/errors.js';
import { checkpointFigures, summarize, type CheckpointStats, type CheckpointStatsSnapshot, type SubtaskCheckpointStats } from '../../protocol/checkpoint-stats.js';
import { checkpointedSizeOf } from '../../protocol/checkpoints.js';
import type { CheckpointStatistics, SubtaskCheckpointStatistics, TaskCheckpointStatistics, TaskCheckpointStatisticsWithSubtaskDetails } from './checkpoint-schemas.js';

const CLASS_NAMES = { COMPLETED: 'completed', FAILED: 'failed', IN_PROGRESS: 'in_progress' } as const;

function taskJson(c: CheckpointStats, subtasks: readonly (SubtaskCheckpointStats | undefined)[]): TaskCheckpointStatistics {
  const f = checkpointFigures(c.triggerTimestamp, subtasks);
  return {
    id: c.id,
    status: c.status,
    latest_ack_timestamp: f.latestAckTimestamp,
    checkpointed_size: f.checkpointedSize,
    state_size: f.stateSize,
    end_to_end_duration: f.endToEndDuration,
    alignment_buffered: 0,
    processed_data: f.processedData,
    persisted_data: 0,
    num_subtasks: f.numSubtasks,
    num_acknowledged_subtasks: f.numAcknowledgedSubtasks,
  };
}

/** One checkpoint; with `withTasks` its tasks too (the details route), else none (the history, as Flink). */
export function checkpointStatisticsJson(c: CheckpointStats, withTasks: boolean): CheckpointStatistics {
  const tasks: Record<string, TaskCheckpointStatistics> = {};
  if (withTasks) for (const [vertexId, subtasks] of Object.entries(c.subtasks)) tasks[vertexId] = taskJson(c, subtasks);
  return {
    className: CLASS_NAMES[c.status],
    ...taskJson(c, Object.values(c.subtasks).flat()),
    is_savepoint: c.savepoint,
    trigger_timestamp: c.triggerTimestamp,
    checkpoint_type: c.savepoint ? 'SAVEPOINT' : 'CHECKPOINT',
    tasks,
    ...(c.status === 'COMPLETED' && { external_path: c.externalPath ?? '', discarded: c.discarded ?? false }),
    ...(c.status === 'FAILED' && { failure_timestamp: c.failureTimestamp ?? 0, failure_message: c.failureMessage ?? '' }),
  };
}

/** Checkpoint `id` among those the statistics remember; Flink's 404 otherwise. */
export function findCheckpoint(stats: CheckpointStatsSnapshot, id: number): CheckpointStats {
  const found = [...stats.history, stats.latestCompleted, stats.latestSavepoint, stats.latestFailed].find((c) => c?.id === id);
  if (!found) throw SluiceError.user(ErrorCode.NOT_FOUND, `Could not find checkpointing statistics for checkpoint ${id}.`);
  return found;
}

function subtaskJson(c: CheckpointStats, index: number, s: SubtaskCheckpointStats | undefined): SubtaskCheckpointStatistics {
  if (!s) return { className: 'pending', index, status: 'pending_or_failed' };
  const m = s.metrics;
  return {
    className: 'completed',
    index,
    status: 'completed',
    ack_timestamp: s.ackTimestamp,
    end_to_end_duration: s.ackTimestamp - c.triggerTimestamp,
    state_size: m.stateSize,
    checkpointed_size: checkpointedSizeOf(m),
    checkpoint: { sync: m.syncDurationMs, async: m.asyncDurationMs },
    alignment: { buffered: 0, processed: m.processedData, persisted: 0, duration: m.alignmentDurationMs },
    start_delay: m.startDelayMs,
    unaligned_checkpoint: false,
    aborted: false,
  };
}

/** The task `vertexId` of checkpoint `c` with each subtask; Flink's 404 when the checkpoint has no such task. */
export function taskCheckpointDetailsJson(c: CheckpointStats, vertexId: string): TaskCheckpointStatisticsWithSubtaskDetails {
  const subtasks = c.subtasks[vertexId];
  if (!subtasks) throw SluiceError.user(ErrorCode.NOT_FOUND, `There is no checkpoint statistics for task ${vertexId}.`);
  const acked = subtasks.filter((s): s is SubtaskCheckpointStats => s !== undefined);
  const over = (figure: (s: SubtaskCheckpointStats) => number) => summarize(acked.map(figure));
  return {
    ...taskJson(c, subtasks),
    summary: {
      state_size: over((s) => s.metrics.stateSize),
      checkpointed_size: over((s) => checkpointedSizeOf(s.metrics)),
      end_to_end_duration: over((s) => s.ackTimestamp - c.triggerTimestamp),
      checkpoint_duration: { sync: over((s) => s.metrics.syncDurationMs), async: over((s) => s.metrics.asyncDurationMs) },
      alignment: { buffered: over(() => 0), processed: over((s) => s.metrics.processedData), persisted: over(() => 0), duration: over((s) => s.metrics.alignmentDurationMs) },
      start_delay: over((s) => s.metrics.startDelayMs),
    },
    subtasks: subtasks.map((s, i) => subtaskJson(c, i, s)),
  };
}
