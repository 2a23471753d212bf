/**
 * `GET /jobs/:jobid/checkpoints` (Flink's CheckpointingStatistics). Sluice records a job's
 * checkpoint interval but takes no checkpoints yet, so a checkpointing job answers the spec's
 * shape with nothing counted; a job without checkpointing gets Flink's 404.
 */
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { ArchivedExecutionGraph } from '../../protocol/execution-graph-info.js';
import { checkpointInterval } from './checkpoint-config.js';
import type { CheckpointingStatistics } from './job-schemas.js';

const NO_STATS = { avg: 0, max: 0, min: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0 };

export function jobCheckpointsJson(graph: ArchivedExecutionGraph): CheckpointingStatistics {
  if (checkpointInterval(graph) === undefined) {
    throw new SluiceError(ErrorCode.NOT_FOUND, `Checkpointing has not been enabled for job ${graph.jobId}.`, { kind: 'user' });
  }
  return {
    counts: { restored: 0, total: 0, in_progress: 0, completed: 0, failed: 0 },
    summary: {
      checkpointed_size: NO_STATS, state_size: NO_STATS, end_to_end_duration: NO_STATS,
      alignment_buffered: NO_STATS, processed_data: NO_STATS, persisted_data: NO_STATS,
    },
    latest: { completed: null, savepoint: null, failed: null, restored: null },
    history: [],
  };
}
