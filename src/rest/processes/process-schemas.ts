/**
 * Schemas of the JobManager's and TaskManagers' log, stdout, thread-dump, metrics and log-url
 * endpoints (Flink's LogListInfo, ThreadDumpInfo, MetricCollectionResponseBody, LogUrlResponse).
 * Responses are serialized from these: every property a builder returns is listed.
 */
import { Type } from '@sinclair/typebox';
import { JOB_ID_PARAMS, TASK_MANAGER_ID_PARAMS } from '../http/schemas.js';

/** Flink's LogListInfo. */
export const LogListInfoSchema = Type.Object({
  logs: Type.Array(Type.Object({
    name: Type.String(),
    size: Type.Integer({ description: 'Bytes.' }),
    mtime: Type.Integer({ description: 'Last modification, ms since the epoch.' }),
  })),
});

/** Flink's ThreadDumpInfo. */
export const ThreadDumpInfoSchema = Type.Object({
  threadInfos: Type.Array(Type.Object({ threadName: Type.String(), stringifiedThreadInfo: Type.String() })),
});

/** Flink's LogUrlResponse. */
export const LogUrlResponseSchema = Type.Object({ url: Type.String() });

/** Raw text of a log or .out file (200; a Range request answers 206 with the same body type). */
export const LOG_TEXT_RESPONSE = { content: { 'text/plain': { schema: Type.String() } } };

export const LogFileNameParamsSchema = Type.Object({
  filename: Type.String({ description: 'String value that identifies the file name from which to read.' }),
});

/** Selection of part of a log file (see byte-range.ts); a `Range` header works too. */
export const LogRangeQuerySchema = Type.Object({
  start: Type.Optional(Type.Integer({ minimum: 0, description: 'First byte to return (Sluice only).' })),
  end: Type.Optional(Type.Integer({ minimum: 0, description: 'Byte after the last one to return (Sluice only).' })),
  tail: Type.Optional(Type.Integer({ minimum: 0, description: 'Return the last n bytes (Sluice only).' })),
});

export const JobTaskManagerParamsSchema = {
  type: 'object',
  required: ['jobid', 'taskmanagerid'],
  properties: { ...JOB_ID_PARAMS.properties, ...TASK_MANAGER_ID_PARAMS.properties },
} as const;
