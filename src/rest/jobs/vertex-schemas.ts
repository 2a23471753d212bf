/** Response schemas (and their TypeScript types) of the `/jobs/:jobid/vertices/:vertexid` endpoints. */
import { Type, type Static } from '@sinclair/typebox';
import { ExecutionState, IOMetricsInfo, JobTimes as Times } from './job-schemas.js';

/** The fields every vertex answer starts with: the vertex and the time of the answer. */
const VertexAt = { id: Type.String(), name: Type.String(), now: Type.Integer() };

/** Where a subtask runs: `endpoint` (`host:port`) and Flink 1.x's `host` (the host name alone). */
export const TaskLocation = {
  endpoint: Type.String({ description: '"(unassigned)" before the subtask is deployed.' }),
  host: Type.String({ description: 'The host name of `endpoint` (deprecated in Flink 1.19, removed in 2.0; 1.x dashboards read it).' }),
};

/** min, max, avg, sum and percentiles of a value over subtasks. */
const Aggregate = Type.Object({
  min: Type.Number(), max: Type.Number(), avg: Type.Number(), sum: Type.Number(),
  median: Type.Number(), p25: Type.Number(), p75: Type.Number(), p95: Type.Number(),
});
export type Aggregate = Static<typeof Aggregate>;

/** Flink's AggregatedTaskDetailsInfo: per metric / per state, the aggregate over subtasks. */
export const AggregatedTaskDetailsInfo = Type.Object({
  metrics: Type.Record(Type.String(), Aggregate),
  'status-duration': Type.Record(Type.String(), Aggregate),
});
export type AggregatedTaskDetailsInfo = Static<typeof AggregatedTaskDetailsInfo>;

export const SubtaskExecutionAttemptDetailsInfo = Type.Object({
  subtask: Type.Integer(),
  status: ExecutionState,
  attempt: Type.Integer(),
  ...TaskLocation,
  'taskmanager-id': Type.String(),
  ...Times,
  start_time: Type.Integer({ description: 'Same as `start-time`: the name Flink 1.x also writes (FLINK-11232) and 1.x dashboards read.' }),
  metrics: IOMetricsInfo,
  'status-duration': Type.Record(Type.String(), Type.Integer()),
  'other-concurrent-attempts': Type.Array(Type.Unknown(), { description: 'Always empty: Sluice runs no speculative attempts.' }),
});
export type SubtaskExecutionAttemptDetailsInfo = Static<typeof SubtaskExecutionAttemptDetailsInfo>;

export const JobVertexDetailsInfo = Type.Object({
  id: Type.String(),
  name: Type.String(),
  maxParallelism: Type.Integer(),
  parallelism: Type.Integer(),
  now: Type.Integer(),
  subtasks: Type.Array(SubtaskExecutionAttemptDetailsInfo),
  aggregated: AggregatedTaskDetailsInfo,
});
export type JobVertexDetailsInfo = Static<typeof JobVertexDetailsInfo>;

export const SubtasksTimesInfo = Type.Object({
  ...VertexAt,
  subtasks: Type.Array(Type.Object({
    subtask: Type.Integer(),
    ...TaskLocation,
    duration: Type.Integer(),
    timestamps: Type.Record(Type.String(), Type.Integer()),
  })),
});
export type SubtasksTimesInfo = Static<typeof SubtasksTimesInfo>;

export const JobVertexTaskManagersInfo = Type.Object({
  ...VertexAt,
  taskmanagers: Type.Array(Type.Object({
    'taskmanager-id': Type.String(),
    endpoint: Type.String(),
    host: Type.String({ description: 'Same as `endpoint` (Flink 1.x groups by and names `host:port` here; removed in 2.0).' }),
    status: ExecutionState,
    ...Times,
    metrics: IOMetricsInfo,
    'status-counts': Type.Record(Type.String(), Type.Integer()),
    aggregated: AggregatedTaskDetailsInfo,
  })),
});
export type JobVertexTaskManagersInfo = Static<typeof JobVertexTaskManagersInfo>;
