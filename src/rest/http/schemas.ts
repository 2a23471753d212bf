/** JSON schemas shared by several routes (they also feed the generated OpenAPI document). */
import { Type, type Static } from '@sinclair/typebox';

/** Flink ids (JobID, ResourceID, ...): 32 lower-case hex characters. */
export const ID_SCHEMA = { type: 'string', pattern: '^[0-9a-f]{32}$' } as const;

/** Path parameters of `/jobs/:jobid/...`. */
export const JOB_ID_PARAMS = {
  type: 'object',
  required: ['jobid'],
  properties: { jobid: { ...ID_SCHEMA, description: '32-character hexadecimal string value that identifies a job.' } },
} as const;

/** Path parameters of `/jobs/:jobid` parsed by a route. */
export interface JobIdParams {
  jobid: string;
}

/** Path parameters of `/taskmanagers/:taskmanagerid/...`. */
export const TASK_MANAGER_ID_PARAMS = Type.Object({
  taskmanagerid: Type.String({ minLength: 1, description: 'The resource id of a task manager (taskmanager.resource-id).' }),
});

export type TaskManagerIdParams = Static<typeof TASK_MANAGER_ID_PARAMS>;

/** Path parameters of `/jobs/:jobid/vertices/:vertexid`. */
export const VERTEX_PARAMS = {
  type: 'object',
  required: ['jobid', 'vertexid'],
  properties: {
    jobid: { ...ID_SCHEMA, description: '32-character hexadecimal string value that identifies a job.' },
    vertexid: { ...ID_SCHEMA, description: '32-character hexadecimal string value that identifies a job vertex.' },
  },
} as const;

export interface VertexParams {
  jobid: string;
  vertexid: string;
}

/** Path parameters of `/jobs/:jobid/vertices/:vertexid/subtasks/:subtaskindex`. */
export const SUBTASK_PARAMS = {
  type: 'object',
  required: ['jobid', 'vertexid', 'subtaskindex'],
  properties: {
    ...VERTEX_PARAMS.properties,
    subtaskindex: { type: 'integer', minimum: 0, description: 'Positive integer value that identifies a subtask.' },
  },
} as const;

export interface SubtaskParams extends VertexParams {
  subtaskindex: number;
}

/** Path parameters of `.../subtasks/:subtaskindex/attempts/:attempt`. */
export const ATTEMPT_PARAMS = {
  type: 'object',
  required: ['jobid', 'vertexid', 'subtaskindex', 'attempt'],
  properties: {
    ...SUBTASK_PARAMS.properties,
    attempt: { type: 'integer', minimum: 0, description: 'Positive integer value that identifies an execution attempt.' },
  },
} as const;

export interface AttemptParams extends SubtaskParams {
  attempt: number;
}
