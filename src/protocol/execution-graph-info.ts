/**
 * A read-only snapshot of a job's execution (Flink's ArchivedExecutionGraph). The JobMaster
 * produces it while the job runs; the Dispatcher archives it when the job ends. The REST layer
 * turns it into Flink's JSON shapes.
 */
import type { CheckpointStatsSnapshot } from './checkpoint-stats.js';
import type { SerializedError } from '../common/errors.js';
import type { JobId, JobVertexId, ResourceId } from '../common/ids.js';
import type { JobPlan, StreamGraphJson } from './job-graph.js';
import type { TaskIOMetrics } from './deployment.js';
import type { JobRescale } from './rescales.js';
import type { ExecutionState, JobStatus } from './states.js';

/** One subtask's current (latest) attempt. */
export interface ArchivedExecution {
  subtaskIndex: number;
  attemptNumber: number;
  state: ExecutionState;
  taskManagerId?: ResourceId;
  /** `host:port` of the TaskManager's data endpoint, as Flink's `endpoint`. */
  endpoint?: string;
  /** When each state was entered (ms since epoch). */
  stateTimestamps: Partial<Record<ExecutionState, number>>;
  metrics: TaskIOMetrics;
  /** Rates over the interval between the attempt's last two metric reports; only while it runs. */
  rates?: TaskIORates;
  failureCause?: string;
}

/**
 * Per-second rates of a running attempt (Flink's `...PerSecond` metrics), derived by the
 * JobMaster from two consecutive TaskIOMetrics reports rather than measured in the task.
 */
export interface TaskIORates {
  numRecordsInPerSecond: number;
  numRecordsOutPerSecond: number;
  numBytesInPerSecond: number;
  numBytesOutPerSecond: number;
  busyTimeMsPerSecond: number;
  idleTimeMsPerSecond: number;
  backPressuredTimeMsPerSecond: number;
  /** When the later of the two reports arrived (ms since epoch). */
  measuredAt: number;
}

/** One JobVertex with its subtasks. */
export interface ArchivedExecutionJobVertex {
  id: JobVertexId;
  name: string;
  parallelism: number;
  maxParallelism: number;
  subtasks: ArchivedExecution[];
}

/** One entry of the job's exception history. */
export interface ExceptionHistoryEntry {
  exceptionName: string;
  stacktrace: string;
  timestamp: number;
  taskName?: string;
  endpoint?: string;
  taskManagerId?: string;
}

/** The JobMaster's outstanding slot request: the job runs but waits for task slots to deploy into. */
export interface PendingSlotRequest {
  /** Slots the job needs (with slot sharing, its highest vertex parallelism). */
  requiredSlots: number;
  /** Slots it holds so far. */
  acquiredSlots: number;
  /** Free slots in the whole cluster when the snapshot was taken; absent if the ResourceManager did not say. */
  freeSlotsInCluster?: number;
  /** When the job started waiting (ms since epoch). */
  since: number;
}

/** The snapshot of a whole job. */
export interface ArchivedExecutionGraph {
  jobId: JobId;
  jobName: string;
  jobType: 'STREAMING' | 'BATCH';
  state: JobStatus;
  /** When each job state was entered; INITIALIZING is the submission time. */
  stateTimestamps: Partial<Record<JobStatus, number>>;
  maxParallelism: number;
  plan: JobPlan;
  streamGraph: StreamGraphJson;
  vertices: ArchivedExecutionJobVertex[];
  exceptionHistory: ExceptionHistoryEntry[];
  /** Older failures were dropped to keep `web.exception-history-size`. */
  exceptionHistoryTruncated?: boolean;
  /** The job's latest root cause: the failure that restarted it or failed it (Flink's failure info). */
  failureCause?: SerializedError;
  /** When `failureCause` happened (ms since epoch; Flink's ErrorInfo timestamp). */
  failureTimestamp?: number;
  jobConfig: Record<string, string>;
  /** Last time anything about this job changed (the article's `last-modification`). */
  lastModification: number;
  /** Set while the job waits for slots (RUNNING, not deployed yet). */
  pendingSlotRequest?: PendingSlotRequest;
  /** Set when the job checkpoints: its settings and checkpoint statistics. */
  checkpointStats?: CheckpointStatsSnapshot;
  /** Set once the job was asked to rescale: its rescales, oldest first (the last one may be in progress). */
  rescales?: JobRescale[];
}

/** The summary row of `/jobs/overview` (Flink's JobDetails). */
export interface JobDetails {
  jobId: JobId;
  jobName: string;
  jobType: 'STREAMING' | 'BATCH';
  state: JobStatus;
  startTime: number;
  endTime: number;
  lastModification: number;
  /** Number of subtasks per ExecutionState. */
  tasksPerState: Record<ExecutionState, number>;
  numTasks: number;
}
