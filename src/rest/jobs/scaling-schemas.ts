/**
 * Schemas of the routes about changing a job's scale (Flink 2.x's adaptive scheduler: resource
 * requirements, rescale history) and of the flame graph. Sluice runs every job at a fixed
 * parallelism, so these answer what a job that never rescales has.
 */
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../http/string-enum.js';

/**
 * Flink's JobResourceRequirementsBody: per job vertex id, the parallelism range it may run at.
 * Unknown fields are refused, as by Flink's strict request mapper.
 */
export const JobResourceRequirementsBody = Type.Record(Type.String({ pattern: '^[0-9a-f]{32}$' }), Type.Object({
  parallelism: Type.Object({ lowerBound: Type.Integer({ minimum: 1 }), upperBound: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
}, { additionalProperties: false }), { title: 'JobResourceRequirementsBody', additionalProperties: false });
export type JobResourceRequirementsBody = Static<typeof JobResourceRequirementsBody>;

const RescalesCounts = Type.Object({ completed: Type.Integer(), failed: Type.Integer(), ignored: Type.Integer(), inProgress: Type.Integer() });

const DurationStats = Type.Object({
  avg: Type.Integer(), max: Type.Integer(), min: Type.Integer(),
  p50: Type.Number(), p90: Type.Number(), p95: Type.Number(), p99: Type.Number(), p999: Type.Number(),
});

export const JobRescalesOverview = Type.Object({
  rescalesCounts: RescalesCounts,
  latest: Type.Object({ completed: Type.Null(), failed: Type.Null(), ignored: Type.Null() }, { description: 'Each null: the job has never been rescaled.' }),
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

/** Always empty: a Sluice job is never rescaled. */
export const JobRescalesHistory = Type.Array(Type.Unknown(), { maxItems: 0 });

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
