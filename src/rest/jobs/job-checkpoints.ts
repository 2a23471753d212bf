/** `GET /jobs/:jobid/checkpoints` (Flink's CheckpointingStatistics); Flink's 404 for a job that does not checkpoint. */
import { summarize, type StatsSummary } from '../../protocol/checkpoint-stats.js';
import type { ArchivedExecutionGraph } from '../../protocol/execution-graph-info.js';
import { checkpointStatsOf } from './checkpoint-config.js';
import type { CheckpointingStatistics } from './checkpoint-schemas.js';
import { checkpointStatisticsJson } from './checkpoint-statistics.js';

export function jobCheckpointsJson(graph: ArchivedExecutionGraph): CheckpointingStatistics {
  const stats = checkpointStatsOf(graph, `Checkpointing has not been enabled for job ${graph.jobId}.`);
  const none: StatsSummary = summarize([]);
  const summary = stats.summary;
  return {
    counts: { restored: stats.counts.restored, total: stats.counts.total, in_progress: stats.counts.inProgress, completed: stats.counts.completed, failed: stats.counts.failed },
    summary: {
      checkpointed_size: summary?.checkpointedSize ?? none,
      state_size: summary?.stateSize ?? none,
      end_to_end_duration: summary?.endToEndDuration ?? none,
      // Checkpoints are aligned and nothing is buffered or persisted in flight.
      alignment_buffered: none,
      processed_data: summary?.processedData ?? none,
      persisted_data: none,
    },
    latest: {
      completed: stats.latestCompleted ? checkpointStatisticsJson(stats.latestCompleted, false) : null,
      savepoint: stats.latestSavepoint ? checkpointStatisticsJson(stats.latestSavepoint, false) : null,
      failed: stats.latestFailed ? checkpointStatisticsJson(stats.latestFailed, false) : null,
      restored: stats.latestRestored
        ? { id: stats.latestRestored.id, restore_timestamp: stats.latestRestored.restoreTimestamp, is_savepoint: stats.latestRestored.isSavepoint, external_path: stats.latestRestored.externalPath }
        : null,
    },
    history: stats.history.map((c) => checkpointStatisticsJson(c, false)),
  };
}
