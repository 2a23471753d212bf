/** Response schemas (and their TypeScript types) of the job endpoints, in Flink's field names. */
import { Type, type Static } from '@sinclair/typebox';
import { EXECUTION_STATES, JOB_STATUSES } from '../../protocol/states.js';
import { NullableString, StringEnum } from '../http/string-enum.js';
import { SerializedThrowableSchema } from './serialized-throwable.js';

const JobStatus = StringEnum(JOB_STATUSES);
/** A subtask's or vertex's state. */
export const ExecutionState = StringEnum(EXECUTION_STATES);
const JobType = StringEnum(['STREAMING', 'BATCH'] as const);
/** Counts per state name (Flink's Map<ExecutionState, Integer> and JobDetails' task summary). */
const StateCounts = Type.Record(Type.String(), Type.Integer());

/** Start, end (-1 until ended) and duration, as jobs, vertices and subtasks report them. */
export const JobTimes = {
  'start-time': Type.Integer(),
  'end-time': Type.Integer({ description: '-1 until the job has ended.' }),
  duration: Type.Integer(),
};

/** One row of `/jobs/overview` (Flink's JobDetails). */
export const JobDetails = Type.Object({
  jid: Type.String(),
  name: Type.String(),
  jobType: JobType,
  state: JobStatus,
  ...JobTimes,
  'last-modification': Type.Integer(),
  tasks: StateCounts,
  'pending-operators': Type.Integer(),
  schedulerType: Type.String(),
});
export type JobDetails = Static<typeof JobDetails>;

export const MultipleJobsDetails = Type.Object({ jobs: Type.Array(JobDetails) });

export const JobIdsWithStatusOverview = Type.Object({ jobs: Type.Array(Type.Object({ id: Type.String(), status: JobStatus })) });

export const JobStatusInfo = Type.Object({ status: JobStatus });

/** Flink's IOMetricsInfo: counters summed over subtasks, accumulated times their maximum. */
export const IOMetricsInfo = Type.Object({
  'read-bytes': Type.Integer(),
  'read-bytes-complete': Type.Boolean(),
  'write-bytes': Type.Integer(),
  'write-bytes-complete': Type.Boolean(),
  'read-records': Type.Integer(),
  'read-records-complete': Type.Boolean(),
  'write-records': Type.Integer(),
  'write-records-complete': Type.Boolean(),
  'accumulated-backpressured-time': Type.Number(),
  'accumulated-idle-time': Type.Number(),
  'accumulated-busy-time': Type.Number(),
});
export type IOMetricsInfo = Static<typeof IOMetricsInfo>;

/** Flink's JSON plan: one node per job vertex. */
export const Plan = Type.Object({
  jid: Type.String(),
  name: Type.String(),
  type: Type.String(),
  nodes: Type.Array(Type.Object({
    id: Type.String(),
    parallelism: Type.Integer(),
    operator: Type.String(),
    operator_strategy: Type.String(),
    description: Type.String(),
    inputs: Type.Array(Type.Object({
      num: Type.Integer(),
      id: Type.String(),
      ship_strategy: Type.String(),
      local_strategy: Type.String(),
      caching: Type.String(),
      exchange: Type.String(),
    })),
    optimizer_properties: Type.Object({}),
  })),
});

export const JobPlanInfo = Type.Object({ plan: Plan });
export type JobPlanInfo = Static<typeof JobPlanInfo>;

/** Flink 2.x's stream graph: one node per operator, naming the job vertex that runs it. */
const StreamGraph = Type.Object({
  pending_operators: Type.Integer(),
  nodes: Type.Array(Type.Object({
    id: Type.String(),
    parallelism: Type.Integer(),
    operator: Type.String(),
    description: Type.String(),
    job_vertex_id: Type.String(),
    inputs: Type.Array(Type.Object({ num: Type.Integer(), id: Type.String(), ship_strategy: Type.String(), exchange: Type.String() })),
  })),
});

/** A vertex of `/jobs/:jobid`. */
export const JobVertexDetails = Type.Object({
  id: Type.String(),
  name: Type.String(),
  maxParallelism: Type.Integer(),
  parallelism: Type.Integer(),
  slotSharingGroupId: Type.String(),
  status: ExecutionState,
  ...JobTimes,
  tasks: StateCounts,
  metrics: IOMetricsInfo,
});
export type JobVertexDetails = Static<typeof JobVertexDetails>;

/** Sluice's addition to `/jobs/:jobid`, present while the job waits for task slots (its JobMaster's outstanding slot request). */
export const WaitingForSlots = Type.Object({
  'required-slots': Type.Integer({ description: 'Slots the job needs: its highest vertex parallelism (slot sharing).' }),
  'acquired-slots': Type.Integer({ description: 'Slots the job holds so far.' }),
  'free-slots-in-cluster': Type.Optional(Type.Integer({ description: 'Free slots in the cluster now; absent if the ResourceManager did not answer.' })),
  since: Type.Integer({ description: 'When the job started waiting (ms since epoch).' }),
  message: Type.String({ description: 'What the Web UI and `sluice run` print, e.g. "Waiting for 3 more task slots (holds 1 of the 4 it needs; 0 free in the cluster)".' }),
});
export type WaitingForSlots = Static<typeof WaitingForSlots>;

export const JobDetailsInfo = Type.Object({
  jid: Type.String(),
  'application-id': Type.String({ description: "The job's id: Sluice has no applications, a job is its own." }),
  name: Type.String(),
  isStoppable: Type.Boolean(),
  state: JobStatus,
  'job-type': JobType,
  ...JobTimes,
  maxParallelism: Type.Integer(),
  now: Type.Integer(),
  timestamps: StateCounts,
  vertices: Type.Array(JobVertexDetails),
  'status-counts': StateCounts,
  plan: Plan,
  'stream-graph': StreamGraph,
  'pending-operators': Type.Integer(),
  schedulerType: Type.String(),
  'last-modification': Type.Integer(),
  tasks: StateCounts,
  'waiting-for-slots': Type.Optional(WaitingForSlots),
});
export type JobDetailsInfo = Static<typeof JobDetailsInfo>;


/**
 * Flink 1.x's `/jobs/:jobid/exceptions` (1.20 still writes the deprecated top-level fields;
 * 2.0 removed them): null and empty until the job has a root cause.
 */
export const JobExceptionsInfoWithHistory = Type.Object({
  'root-exception': NullableString({ description: 'The root cause\'s stack trace (deprecated in Flink 1.x, removed in 2.0).' }),
  timestamp: Type.Union([Type.Integer(), Type.Null()], { description: 'When the root cause happened.' }),
  'all-exceptions': Type.Array(Type.Object({
    exception: Type.String(),
    task: Type.String(),
    location: Type.String(),
    timestamp: Type.Integer(),
    taskManagerId: Type.String(),
    'attempt-num': Type.Integer(),
    'subtask-index': Type.Integer(),
    'vertex-id': Type.String(),
  }), { description: 'The failures of the current attempts.' }),
  truncated: Type.Boolean(),
  exceptionHistory: Type.Object({
    entries: Type.Array(Type.Object({
      exceptionName: Type.String(),
      stacktrace: Type.String(),
      timestamp: Type.Integer(),
      taskName: NullableString(),
      endpoint: NullableString(),
      location: NullableString(),
      taskManagerId: NullableString(),
      failureLabels: Type.Record(Type.String(), Type.String()),
      concurrentExceptions: Type.Array(Type.Unknown()),
    })),
    truncated: Type.Boolean(),
  }),
});
export type JobExceptionsInfoWithHistory = Static<typeof JobExceptionsInfoWithHistory>;

/** `/jobs/:jobid/config` as Flink's JobConfigInfo serializer writes it. */
export const JobConfigInfo = Type.Object({
  jid: Type.String(),
  name: Type.String(),
  'execution-config': Type.Object({
    'execution-mode': Type.String({ description: "Flink 1.x's ExecutionMode (removed in 2.0): always PIPELINED, as Sluice's exchanges are." }),
    'restart-strategy': Type.String(),
    'job-parallelism': Type.Integer(),
    'object-reuse-mode': Type.Boolean(),
    'user-config': Type.Record(Type.String(), Type.String()),
  }),
});
export type JobConfigInfo = Static<typeof JobConfigInfo>;


/** As Flink's JobResultSerializer writes it (the generated spec shows the Java property names instead). */
export const JobExecutionResultResponseBody = Type.Object({
  status: Type.Object({ id: StringEnum(['IN_PROGRESS', 'COMPLETED'] as const) }),
  'job-execution-result': Type.Optional(Type.Object({
    id: Type.String(),
    name: Type.String(),
    'application-status': StringEnum(['SUCCEEDED', 'FAILED', 'CANCELED', 'UNKNOWN'] as const),
    'accumulator-results': Type.Record(Type.String(), Type.Unknown()),
    'net-runtime': Type.Integer(),
    'failure-cause': Type.Optional(SerializedThrowableSchema),
    'application-id': Type.String(),
    'start-time': Type.Integer(),
    'end-time': Type.Integer(),
  })),
});
export type JobExecutionResultResponseBody = Static<typeof JobExecutionResultResponseBody>;
