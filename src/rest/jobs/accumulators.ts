/**
 * Flink's accumulator endpoints. Sluice's DataStream API has no accumulators
 * (`getRuntimeContext().addAccumulator`) yet, so every list is empty; the shapes are Flink's.
 */
import type { Static } from '@sinclair/typebox';
import type { ArchivedExecutionJobVertex } from '../../protocol/execution-graph-info.js';
import { taskLocation } from './task-location.js';
import type { JobAccumulatorsSchema, JobVertexAccumulatorsSchema, SubtasksAllAccumulatorsSchema } from './accumulator-schemas.js';

/** The vertex's user accumulators, aggregated over its subtasks. */
export function vertexAccumulatorsJson(vertex: ArchivedExecutionJobVertex): Static<typeof JobVertexAccumulatorsSchema> {
  return { id: vertex.id, 'user-accumulators': [] };
}

/** Each subtask's current attempt with its user accumulators. */
export function subtasksAccumulatorsJson(vertex: ArchivedExecutionJobVertex): Static<typeof SubtasksAllAccumulatorsSchema> {
  return {
    id: vertex.id,
    parallelism: vertex.parallelism,
    subtasks: vertex.subtasks.map((s) => ({
      subtask: s.subtaskIndex,
      attempt: s.attemptNumber,
      ...taskLocation(s),
      'user-accumulators': [],
    })),
  };
}

/** The job's accumulators; serialized values would only be filled with `includeSerializedValue`. */
export function jobAccumulatorsJson(): Static<typeof JobAccumulatorsSchema> {
  return { 'job-accumulators': [], 'user-task-accumulators': [], 'serialized-user-task-accumulators': {} };
}
