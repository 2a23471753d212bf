/**
 * The REST API's answer types, for clients written in TypeScript (the Web UI): each is the static
 * type of the schema that serializes the answer, so client and server cannot disagree.
 */
import type { Static } from '@sinclair/typebox';
import type { JarListInfo, JarRunResponseBody, JarUploadResponseBody } from './jars/jar-schemas.js';
import type { ErrorResponseBody } from './http/route-schema.js';
import type { MetricCollectionSchema, AggregatedMetricsSchema } from './http/metric-schemas.js';
import type { JobPlanInfo, MultipleJobsDetails as MultipleJobsDetailsSchema } from './jobs/job-schemas.js';
import type { LogListInfoSchema, ThreadDumpInfoSchema } from './processes/process-schemas.js';

/** State names and which are terminal, for clients that order or colour them as the cluster does. */
export { EXECUTION_STATES, GLOBALLY_TERMINAL_JOB_STATUSES, TERMINAL_EXECUTION_STATES } from '../protocol/states.js';

export type {
  ClusterOverviewWithVersion, ConfigurationInfo, DashboardConfiguration, EnvironmentInfo, TaskManagerDetailsInfo, TaskManagerInfo,
} from './cluster/cluster-schemas.js';
export type {
  CheckpointConfig, CheckpointingStatistics, CheckpointStatistics, SubtaskCheckpointStatistics, TaskCheckpointStatisticsWithSubtaskDetails,
} from './jobs/checkpoint-schemas.js';
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
/** The JSON plan of a job (`/jobs/:id/plan`, `POST /jars/:id/plan`, `/jobs/:id` `plan`). */
export type JobPlan = JobPlanInfo['plan'];
