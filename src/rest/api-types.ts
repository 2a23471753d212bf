/**
 * The REST API's answer types, for clients written in TypeScript (the Web UI): each is the static
 * type of the schema that serializes the answer, so client and server cannot disagree.
 */
import type { Static } from '@sinclair/typebox';
import type { JarListInfo, JarRunResponseBody, JarUploadResponseBody } from './jars/jar-schemas.js';
import type { CheckpointConfigSchema, CheckpointingStatistics, CheckpointStatisticsSchema, TaskCheckpointStatisticsWithSubtaskDetailsSchema } from './jobs/checkpoint-schemas.js';
import type { ErrorResponseBody } from './http/route-schema.js';
import type { MetricCollectionSchema, AggregatedMetricsSchema } from './http/metric-schemas.js';
import type { JobPlanInfo, MultipleJobsDetails as MultipleJobsDetailsSchema } from './jobs/job-schemas.js';
import type { LogListInfoSchema, ThreadDumpInfoSchema } from './processes/process-schemas.js';
import type { TriggerResponse as TriggerResponseSchema } from './jobs/async-operation.js';

/** State names and which are terminal, for clients that order or colour them as the cluster does. */
export { EXECUTION_STATES, GLOBALLY_TERMINAL_JOB_STATUSES, TERMINAL_EXECUTION_STATES } from '../protocol/states.js';

export type {
  ClusterOverviewWithVersion, ConfigurationInfo, DashboardConfiguration, EnvironmentInfo, TaskManagerDetailsInfo, TaskManagerInfo,
} from './cluster/cluster-schemas.js';
export type { CheckpointConfig, CheckpointingStatistics, SubtaskCheckpointStatistics } from './jobs/checkpoint-schemas.js';
export type {
  IOMetricsInfo, JobConfigInfo, JobDetails, JobDetailsInfo, JobExceptionsInfoWithHistory,
  JobExecutionResultResponseBody, JobPlanInfo, JobVertexDetails,
} from './jobs/job-schemas.js';
export type {
  JobVertexDetailsInfo, JobVertexTaskManagersInfo, SubtaskExecutionAttemptDetailsInfo, SubtasksTimesInfo,
} from './jobs/vertex-schemas.js';

export type JarListInfo = Static<typeof JarListInfo>;
export type JarUploadResponseBody = Static<typeof JarUploadResponseBody>;
export type JarRunResponseBody = Static<typeof JarRunResponseBody>;
export type ErrorResponseBody = Static<typeof ErrorResponseBody>;
export type MetricCollection = Static<typeof MetricCollectionSchema>;
export type AggregatedMetrics = Static<typeof AggregatedMetricsSchema>;
/** `/jobs/overview`. */
export type MultipleJobsDetails = Static<typeof MultipleJobsDetailsSchema>;
export type LogListInfo = Static<typeof LogListInfoSchema>;
export type ThreadDumpInfo = Static<typeof ThreadDumpInfoSchema>;
/** The body of `POST /jars/:jarid/run` and `/plan` (the request type the route handlers read). */
export type { JarRunBody } from './jars/run-request.js';
/** Flink's TriggerResponse: the id under which an asynchronous operation (a savepoint) is polled. */
export type TriggerResponse = Static<typeof TriggerResponseSchema>;
/**
 * The bodies of `POST /jobs/:id/savepoints` and `POST /jobs/:id/stop` (stop-with-savepoint: the
 * savepoint, then the job finishes) and the answer of `GET /jobs/:id/savepoints/:triggerid`.
 */
export type { SavepointStatusResponse, SavepointTriggerRequestBody, StopWithSavepointRequestBody } from './jobs/savepoint-schemas.js';
/** The JSON plan of a job (`/jobs/:id/plan`, `POST /jars/:id/plan`, `/jobs/:id` `plan`). */
export type JobPlan = JobPlanInfo['plan'];

/** `/jobs/:id/checkpoints/config` (Flink's CheckpointConfigInfo); durations in ms. */
export type CheckpointConfigInfo = Static<typeof CheckpointConfigSchema>;
/** `/jobs/:id/checkpoints/details/:cid` (Flink's CheckpointStatistics); `tasks` is keyed by vertex id. */
export type CheckpointStatistics = Static<typeof CheckpointStatisticsSchema>;

/** A completed checkpoint (Flink's CompletedCheckpointStatistics): where it is, and whether it was deleted since. */
export type CompletedCheckpointStatistics = CheckpointStatistics & { external_path?: string; discarded: boolean };
/** A failed checkpoint (Flink's FailedCheckpointStatistics). */
export type FailedCheckpointStatistics = CheckpointStatistics & { failure_timestamp: number; failure_message?: string | null };
/** The checkpoint or savepoint the job last restored from (Flink's RestoredCheckpointStatistics). */
export interface RestoredCheckpointStatistics {
  id: number;
  restore_timestamp: number;
  is_savepoint: boolean;
  external_path?: string | null;
}
/** A row of `history`: any kind of checkpoint, told apart by `status` (Flink sends each kind's own fields). */
export type CheckpointHistoryEntry = CheckpointStatistics
  & Partial<Pick<CompletedCheckpointStatistics, 'external_path' | 'discarded'> & Pick<FailedCheckpointStatistics, 'failure_timestamp' | 'failure_message'>>;

/**
 * `/jobs/:id/checkpoints` (Flink's CheckpointingStatistics) with what Flink sends in `latest`
 * (null or absent before the first of each kind) and in `history` (most recent first; its rows'
 * `tasks` are empty: per-vertex figures come from `details/:cid`).
 */
export type CheckpointingStatisticsInfo = Omit<CheckpointingStatistics, 'latest' | 'history'> & {
  latest: {
    completed?: CompletedCheckpointStatistics | null;
    savepoint?: CompletedCheckpointStatistics | null;
    failed?: FailedCheckpointStatistics | null;
    restored?: RestoredCheckpointStatistics | null;
  };
  history: CheckpointHistoryEntry[];
};

/** min/avg/max and percentiles of one figure (Flink's StatsSummaryDto); percentiles may be missing without data. */
export interface StatsSummaryDto {
  min: number;
  max: number;
  avg: number;
  p50?: number | null;
  p90?: number | null;
  p95?: number | null;
  p99?: number | null;
  p999?: number | null;
}

/** One subtask of `details/:cid/subtasks/:vid` that acknowledged (Flink's CompletedSubtaskCheckpointStatistics). */
export interface CompletedSubtaskCheckpointStatistics {
  className?: string;
  index: number;
  status: 'completed';
  ack_timestamp: number;
  end_to_end_duration: number;
  checkpointed_size: number;
  state_size: number;
  checkpoint: { sync: number; async: number };
  alignment: { buffered: number; processed: number; persisted: number; duration: number };
  start_delay: number;
  unaligned_checkpoint: boolean;
  aborted: boolean;
}

/** One subtask that has not acknowledged (Flink's PendingSubtaskCheckpointStatistics). */
export interface PendingSubtaskCheckpointStatistics {
  className?: string;
  index: number;
  status: 'pending_or_failed';
}

/**
 * `/jobs/:id/checkpoints/details/:cid/subtasks/:vid` (Flink's
 * TaskCheckpointStatisticsWithSubtaskDetails) with the subtasks' and summary's fields Flink sends.
 */
export type TaskCheckpointStatisticsWithSubtaskDetails = Omit<Static<typeof TaskCheckpointStatisticsWithSubtaskDetailsSchema>, 'summary' | 'subtasks'> & {
  summary: {
    end_to_end_duration: StatsSummaryDto;
    checkpointed_size: StatsSummaryDto;
    state_size: StatsSummaryDto;
    checkpoint_duration: { sync: StatsSummaryDto; async: StatsSummaryDto };
    alignment: { buffered: StatsSummaryDto; processed: StatsSummaryDto; persisted: StatsSummaryDto; duration: StatsSummaryDto };
    start_delay: StatsSummaryDto;
  };
  subtasks: (CompletedSubtaskCheckpointStatistics | PendingSubtaskCheckpointStatistics)[];
};
