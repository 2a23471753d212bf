/**
 * Schemas of Flink's checkpoint endpoints (CheckpointingStatistics, CheckpointConfigInfo,
 * CheckpointStatistics, TaskCheckpointStatisticsWithSubtaskDetails). Flink tells the kinds of a
 * checkpoint (`className` completed / failed / in_progress) and of a subtask (completed / pending)
 * apart by their fields; here each is one object whose kind-specific fields are optional.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ID_SCHEMA } from '../http/schemas.js';
import { StringEnum } from '../http/string-enum.js';

/** `GET /jobs/:jobid/checkpoints/config`; durations in ms. */
export const CheckpointConfigSchema = Type.Object({
  mode: StringEnum(['EXACTLY_ONCE', 'AT_LEAST_ONCE'] as const),
  interval: Type.Integer(),
  timeout: Type.Integer(),
  min_pause: Type.Integer(),
  max_concurrent: Type.Integer(),
  externalization: Type.Object({ enabled: Type.Boolean(), delete_on_cancellation: Type.Boolean() }),
  state_backend: Type.String(),
  checkpoint_storage: Type.String(),
  unaligned_checkpoints: Type.Boolean(),
  tolerable_failed_checkpoints: Type.Integer(),
  aligned_checkpoint_timeout: Type.Integer(),
  checkpoints_after_tasks_finish: Type.Boolean(),
  state_changelog_enabled: Type.Boolean(),
  changelog_periodic_materialization_interval: Type.Integer(),
  changelog_storage: Type.String(),
});
export type CheckpointConfig = Static<typeof CheckpointConfigSchema>;

const CheckpointStatus = StringEnum(['IN_PROGRESS', 'COMPLETED', 'FAILED'] as const);

/** Flink's StatsSummaryDto. */
export const StatsSummarySchema = Type.Object({
  avg: Type.Number(), max: Type.Number(), min: Type.Number(),
  p50: Type.Number(), p90: Type.Number(), p95: Type.Number(), p99: Type.Number(), p999: Type.Number(),
});

/** The statistics every checkpoint, and every task of one, has. */
const TaskCheckpointStatisticsSchema = Type.Object({
  id: Type.Integer(),
  status: CheckpointStatus,
  latest_ack_timestamp: Type.Integer(),
  checkpointed_size: Type.Integer(),
  state_size: Type.Integer(),
  end_to_end_duration: Type.Integer(),
  alignment_buffered: Type.Integer(),
  processed_data: Type.Integer(),
  persisted_data: Type.Integer(),
  num_subtasks: Type.Integer(),
  num_acknowledged_subtasks: Type.Integer(),
});

/** One task of a checkpoint (Flink's TaskCheckpointStatistics). */
export type TaskCheckpointStatistics = Static<typeof TaskCheckpointStatisticsSchema>;

/** `GET /jobs/:jobid/checkpoints/details/:checkpointid`, and each entry of the history. */
export const CheckpointStatisticsSchema = Type.Composite([TaskCheckpointStatisticsSchema, Type.Object({
  className: StringEnum(['completed', 'failed', 'in_progress'] as const),
  is_savepoint: Type.Boolean(),
  savepointFormat: Type.Optional(Type.String()),
  trigger_timestamp: Type.Integer(),
  checkpoint_type: StringEnum(['CHECKPOINT', 'UNALIGNED_CHECKPOINT', 'SAVEPOINT', 'SYNC_SAVEPOINT'] as const),
  tasks: Type.Record(Type.String(), TaskCheckpointStatisticsSchema),
  external_path: Type.Optional(Type.String({ description: 'completed: the checkpoint\'s directory.' })),
  discarded: Type.Optional(Type.Boolean({ description: 'completed: its directory was deleted since.' })),
  failure_timestamp: Type.Optional(Type.Integer({ description: 'failed: when it was aborted.' })),
  failure_message: Type.Optional(Type.String({ description: 'failed: why.' })),
})]);
export type CheckpointStatistics = Static<typeof CheckpointStatisticsSchema>;

const RestoredCheckpointStatisticsSchema = Type.Object({
  id: Type.Integer(),
  restore_timestamp: Type.Integer(),
  is_savepoint: Type.Boolean(),
  external_path: Type.String(),
});

/** `GET /jobs/:jobid/checkpoints`. */
export const CheckpointingStatisticsSchema = Type.Object({
  counts: Type.Object({ restored: Type.Integer(), total: Type.Integer(), in_progress: Type.Integer(), completed: Type.Integer(), failed: Type.Integer() }),
  summary: Type.Object({
    checkpointed_size: StatsSummarySchema,
    state_size: StatsSummarySchema,
    end_to_end_duration: StatsSummarySchema,
    alignment_buffered: StatsSummarySchema,
    processed_data: StatsSummarySchema,
    persisted_data: StatsSummarySchema,
  }),
  latest: Type.Object({
    completed: Type.Union([CheckpointStatisticsSchema, Type.Null()]),
    savepoint: Type.Union([CheckpointStatisticsSchema, Type.Null()]),
    failed: Type.Union([CheckpointStatisticsSchema, Type.Null()]),
    restored: Type.Union([RestoredCheckpointStatisticsSchema, Type.Null()]),
  }),
  history: Type.Array(CheckpointStatisticsSchema, { description: 'Most recent first, at most `web.checkpoints.history`.' }),
});
export type CheckpointingStatistics = Static<typeof CheckpointingStatisticsSchema>;

const Duration = Type.Object({ sync: Type.Integer(), async: Type.Integer() });
const Alignment = Type.Object({ buffered: Type.Integer(), processed: Type.Integer(), persisted: Type.Integer(), duration: Type.Integer() });

/** A subtask: `completed` (acknowledged) with its figures, or `pending` (status `pending_or_failed`). */
const SubtaskCheckpointStatisticsSchema = Type.Object({
  className: StringEnum(['completed', 'pending'] as const),
  index: Type.Integer(),
  status: StringEnum(['completed', 'pending_or_failed'] as const),
  ack_timestamp: Type.Optional(Type.Integer()),
  end_to_end_duration: Type.Optional(Type.Integer()),
  state_size: Type.Optional(Type.Integer()),
  checkpointed_size: Type.Optional(Type.Integer()),
  checkpoint: Type.Optional(Duration),
  alignment: Type.Optional(Alignment),
  start_delay: Type.Optional(Type.Integer()),
  unaligned_checkpoint: Type.Optional(Type.Boolean()),
  aborted: Type.Optional(Type.Boolean()),
});
export type SubtaskCheckpointStatistics = Static<typeof SubtaskCheckpointStatisticsSchema>;

/** `GET /jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid`. */
export const TaskCheckpointStatisticsWithSubtaskDetailsSchema = Type.Composite([TaskCheckpointStatisticsSchema, Type.Object({
  summary: Type.Object({
    state_size: StatsSummarySchema,
    checkpointed_size: StatsSummarySchema,
    end_to_end_duration: StatsSummarySchema,
    checkpoint_duration: Type.Object({ sync: StatsSummarySchema, async: StatsSummarySchema }),
    alignment: Type.Object({ buffered: StatsSummarySchema, processed: StatsSummarySchema, persisted: StatsSummarySchema, duration: StatsSummarySchema }),
    start_delay: StatsSummarySchema,
  }),
  subtasks: Type.Array(SubtaskCheckpointStatisticsSchema),
})]);
export type TaskCheckpointStatisticsWithSubtaskDetails = Static<typeof TaskCheckpointStatisticsWithSubtaskDetailsSchema>;

const JOB_ID = Type.String({ pattern: ID_SCHEMA.pattern, description: '32-character hexadecimal string value that identifies a job.' });
const CHECKPOINT_ID = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Long value that identifies a checkpoint.' });

/** Path parameters of `/jobs/:jobid/checkpoints/details/:checkpointid`. */
export const CheckpointParamsSchema = Type.Object({ jobid: JOB_ID, checkpointid: CHECKPOINT_ID });

/** Path parameters of `.../details/:checkpointid/subtasks/:vertexid`. */
export const TaskCheckpointParamsSchema = Type.Object({
  jobid: JOB_ID,
  checkpointid: CHECKPOINT_ID,
  vertexid: Type.String({ pattern: ID_SCHEMA.pattern, description: '32-character hexadecimal string value that identifies a job vertex.' }),
});
