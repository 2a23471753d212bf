/** Schemas of Flink's accumulator endpoints (JobVertexAccumulatorsInfo, SubtasksAllAccumulatorsInfo, JobAccumulatorsInfo). */
import { Type } from '@sinclair/typebox';
import { TaskLocation } from './vertex-schemas.js';

/** UserAccumulator: a user-defined accumulator's name, type and value as text. */
export const UserAccumulatorSchema = Type.Object({ name: Type.String(), type: Type.String(), value: Type.String() });

/** `GET /jobs/:jobid/vertices/:vertexid/accumulators`. */
export const JobVertexAccumulatorsSchema = Type.Object({
  id: Type.String(),
  'user-accumulators': Type.Array(UserAccumulatorSchema),
});

/** `GET /jobs/:jobid/vertices/:vertexid/subtasks/accumulators`. */
export const SubtasksAllAccumulatorsSchema = Type.Object({
  id: Type.String(),
  parallelism: Type.Integer(),
  subtasks: Type.Array(Type.Object({
    subtask: Type.Integer(),
    attempt: Type.Integer(),
    ...TaskLocation,
    'user-accumulators': Type.Array(UserAccumulatorSchema),
  })),
});

/** `GET /jobs/:jobid/accumulators`. */
export const JobAccumulatorsSchema = Type.Object({
  'job-accumulators': Type.Array(Type.Object({})),
  'user-task-accumulators': Type.Array(UserAccumulatorSchema),
  'serialized-user-task-accumulators': Type.Record(Type.String(), Type.Unknown()),
});

/** Query of `GET /jobs/:jobid/accumulators`. */
export const JobAccumulatorsQuerySchema = Type.Object({
  includeSerializedValue: Type.Optional(Type.Boolean({ description: 'Boolean value that specifies whether serialized user task accumulators should be included in the response.' })),
});
