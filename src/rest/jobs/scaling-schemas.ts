/**
 * Schemas of the routes about changing a job's scale (Flink 2.x's adaptive scheduler: resource
 * requirements, rescale history) and of the flame graph.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../http/string-enum.js';

/**
 * Flink's JobResourceRequirementsBody: per job vertex id, the parallelism range it may run at
 * (-1: the default bound). Unknown fields are refused, as by Flink's strict request mapper; the
 * JobMaster checks the bounds against the job.
 */
export const JobResourceRequirementsBody = Type.Record(Type.String({ pattern: '^[0-9a-f]{32}$' }), Type.Object({
  parallelism: Type.Object({ lowerBound: Type.Integer(), upperBound: Type.Integer() }, { additionalProperties: false }),
}, { additionalProperties: false }), { title: 'JobResourceRequirementsBody', additionalProperties: false });
export type JobResourceRequirementsBody = Static<typeof JobResourceRequirementsBody>;

const RescalesCounts = Type.Object({ completed: Type.Integer(), failed: Type.Integer(), ignored: Type.Integer(), inProgress: Type.Integer() });

/** Flink's StatsSummaryDto of rescale durations (ms); all 0 without rescales. */
const DurationStats = Type.Object({
  avg: Type.Integer(), max: Type.Integer(), min: Type.Integer(),
  p50: Type.Number(), p90: Type.Number(), p95: Type.Number(), p99: Type.Number(), p999: Type.Number(),
});

const nullable = <T extends TSchema>(schema: T, description: string) => Type.Union([schema, Type.Null()], { description });

/**
 * Flink's JobRescaleDetails: one rescale, its phases and each vertex's parallelism before and
 * after. What a rescale in progress has not got yet is null, as Flink writes its @Nullable fields.
 */
export const JobRescaleDetails = Type.Object({
  rescaleUuid: Type.String(),
  resourceRequirementsUuid: Type.String(),
  rescaleAttemptId: Type.Integer({ description: 'Counts the job\'s rescales from 1.' }),
  triggerCause: StringEnum(['UPDATE_REQUIREMENT']),
  startTimestampInMillis: Type.Integer(),
  endTimestampInMillis: nullable(Type.Integer(), 'null while in progress.'),
  terminalState: nullable(StringEnum(['COMPLETED', 'FAILED', 'IGNORED']), 'null while in progress.'),
  terminatedReason: nullable(StringEnum(['SUCCEEDED', 'EXCEPTION_OCCURRED', 'NO_RESOURCES_OR_PARALLELISMS_CHANGE', 'JOB_FINISHED', 'JOB_FAILED', 'JOB_CANCELED', 'JOB_FAILOVER_RESTARTING']), 'null while in progress.'),
  vertices: Type.Record(Type.String(), Type.Object({
    jobVertexId: Type.String(),
    jobVertexName: Type.String(),
    slotSharingGroupId: Type.String({ description: 'The job\'s one slot sharing group (subtask i of every vertex shares slot i).' }),
    slotSharingGroupName: Type.String(),
    requiredParallelisms: Type.Object({ minParallelism: Type.Integer(), parallelism: Type.Integer(), maxParallelism: Type.Integer() }),
    preRescaleParallelism: Type.Integer(),
    desiredParallelism: Type.Integer(),
    sufficientParallelism: Type.Integer(),
    postRescaleParallelism: nullable(Type.Integer(), 'null while in progress.'),
  })),
  slots: Type.Record(Type.String(), Type.Object({}), { description: 'Sluice has no slot profiles to show: always empty.' }),
  schedulerStates: Type.Array(Type.Object({
    state: Type.String({ description: 'StopWithSavepoint, Restarting or WaitingForResources.' }),
    enterTimestampInMillis: Type.Integer(),
    leaveTimestampInMillis: nullable(Type.Integer(), 'null while in this phase.'),
    durationInMillis: nullable(Type.Integer(), 'null while in this phase.'),
    stringifiedException: nullable(Type.String(), 'The error that ended the rescale in this phase.'),
  })),
}, { title: 'JobRescaleDetails' });
export type JobRescaleDetails = Static<typeof JobRescaleDetails>;

export const JobRescalesOverview = Type.Object({
  rescalesCounts: RescalesCounts,
  latest: Type.Object({
    completed: Type.Union([JobRescaleDetails, Type.Null()]),
    failed: Type.Union([JobRescaleDetails, Type.Null()]),
    ignored: Type.Union([JobRescaleDetails, Type.Null()]),
  }, { description: 'The latest rescale that ended each way; null: none did.' }),
});
export type JobRescalesOverview = Static<typeof JobRescalesOverview>;

export const JobRescalesSummary = Type.Object({
  rescalesCounts: RescalesCounts,
  rescalesDurationStatsInMillis: DurationStats,
  completedRescalesDurationStatsInMillis: DurationStats,
  failedRescalesDurationStatsInMillis: DurationStats,
  ignoredRescalesDurationStatsInMillis: DurationStats,
});
export type JobRescalesSummary = Static<typeof JobRescalesSummary>;

/** The job's rescales, newest first. */
export const JobRescalesHistory = Type.Array(JobRescaleDetails);

/** Flink's JobRescaleConfigInfo, as Sluice rescales: only on request, with no waits of its own. */
export const JobRescaleConfigInfo = Type.Object({
  rescaleHistoryMax: Type.Integer({ description: 'Rescales kept in the history.' }),
  schedulerExecutionMode: Type.Null({ description: 'null: not reactive mode (a job rescales only on request).' }),
  submissionResourceWaitTimeoutInMillis: Type.Integer(),
  submissionResourceStabilizationTimeoutInMillis: Type.Integer(),
  slotIdleTimeoutInMillis: Type.Integer(),
  executingCooldownTimeoutInMillis: Type.Integer(),
  executingResourceStabilizationTimeoutInMillis: Type.Integer(),
  maximumDelayForTriggeringRescaleInMillis: Type.Integer(),
  rescaleOnFailedCheckpointCount: Type.Integer(),
}, { title: 'JobRescaleConfigInfo' });
export type JobRescaleConfigInfo = Static<typeof JobRescaleConfigInfo>;

export const RescaleDetailsParams = Type.Object({
  jobid: Type.String({ pattern: '^[0-9a-f]{32}$', description: '32-character hexadecimal string value that identifies a job.' }),
  rescaleuuid: Type.String({ minLength: 1, description: 'The UUID of a rescale.' }),
});

export const VertexFlameGraph = Type.Object({
  endTimestamp: Type.Integer({ description: '-1: no sample was taken.' }),
  data: Type.Null({ description: 'null: flame graphs are disabled.' }),
});

export const FlameGraphQuery = Type.Object({
  type: Type.Optional(StringEnum(['FULL', 'ON_CPU', 'OFF_CPU'], { description: 'Which thread states the graph samples.' })),
  subtaskindex: Type.Optional(Type.Integer({ minimum: 0, description: 'The subtask to sample (default: all).' })),
});
