/** Schema of `GET /jobs/:jobid/vertices/:vertexid/backpressure` (Flink's JobVertexBackPressureInfo). */
import { Type } from '@sinclair/typebox';
import { StringEnum } from '../http/string-enum.js';

/** ok up to a ratio of 0.1, low up to 0.5, high above. */
export const BackPressureLevelSchema = StringEnum(['ok', 'low', 'high'] as const);

/**
 * Flink 1.16+ writes the level twice (FLINK-29503): `backpressureLevel`, and the older
 * `backpressure-level` that Flink 1.x dashboards and scripts read.
 */
const Level = { 'backpressure-level': BackPressureLevelSchema, backpressureLevel: BackPressureLevelSchema };

/** SubtaskBackPressureInfo: the shares of the last measured second, as ratios of 0..1. */
export const SubtaskBackPressureSchema = Type.Object({
  subtask: Type.Integer(),
  'attempt-number': Type.Integer(),
  ...Level,
  ratio: Type.Number(),
  idleRatio: Type.Number(),
  busyRatio: Type.Number(),
  'other-concurrent-attempts': Type.Array(Type.Unknown()),
});

/** `status` is "deprecated" (and nothing else is set) while no subtask has measured rates. */
export const JobVertexBackPressureSchema = Type.Object({
  status: StringEnum(['deprecated', 'ok'] as const),
  'backpressure-level': Type.Optional(BackPressureLevelSchema),
  backpressureLevel: Type.Optional(BackPressureLevelSchema),
  'end-timestamp': Type.Optional(Type.Integer()),
  subtasks: Type.Optional(Type.Array(SubtaskBackPressureSchema)),
});
