/**
 * Schemas of Flink's checkpoint configuration and checkpoint detail endpoints
 * (CheckpointConfigInfo, CheckpointStatistics, TaskCheckpointStatisticsWithSubtaskDetails).
 */
import { Type } from '@sinclair/typebox';
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

const CheckpointStatus = StringEnum(['RESTORED', 'IN_PROGRESS', 'COMPLETED', 'FAILED'] as const);

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

/** `GET /jobs/:jobid/checkpoints/details/:checkpointid`. */
export const CheckpointStatisticsSchema = Type.Composite([TaskCheckpointStatisticsSchema, Type.Object({
  className: Type.String(),
  is_savepoint: Type.Boolean(),
  savepointFormat: Type.Optional(Type.String()),
  trigger_timestamp: Type.Integer(),
  checkpoint_type: Type.String(),
  tasks: Type.Record(Type.String(), TaskCheckpointStatisticsSchema),
})]);

/** `GET /jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid`. */
export const TaskCheckpointStatisticsWithSubtaskDetailsSchema = Type.Composite([TaskCheckpointStatisticsSchema, Type.Object({
  summary: Type.Record(Type.String(), Type.Unknown()),
  subtasks: Type.Array(Type.Object({ className: Type.String(), index: Type.Integer(), status: Type.String() }, { additionalProperties: true })),
})]);

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
