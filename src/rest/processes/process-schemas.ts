/**
 * Schemas of the JobManager's and TaskManagers' log, stdout, thread-dump, metrics and log-url
 * endpoints (Flink's LogListInfo, ThreadDumpInfo, MetricCollectionResponseBody, LogUrlResponse).
 * Responses are serialized from these: every property a builder returns is listed.
 */
import { Type } from '@sinclair/typebox';

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

/**
 * Flink's MetricCollectionResponseBody as Flink actually sends it: a bare array, ids only when
 * no metric was selected, ids with values (as strings) for `?get=`.
 */
export const MetricCollectionSchema = Type.Array(Type.Object({ id: Type.String(), value: Type.Optional(Type.String()) }));

/** Flink's LogUrlResponse. */
export const LogUrlResponseSchema = Type.Object({ url: Type.String() });

/** Raw text of a log or .out file (200; a Range request answers 206 with the same body type). */
export const LOG_TEXT_RESPONSE = { content: { 'text/plain': { schema: Type.String() } } };

export const TaskManagerIdParamsSchema = Type.Object({
  taskmanagerid: Type.String({ description: '32-character hexadecimal string that identifies a task manager.' }),
});

export const LogFileNameParamsSchema = Type.Object({
  filename: Type.String({ description: 'String value that identifies the file name from which to read.' }),
});

/** Selection of part of a log file (see byte-range.ts); a `Range` header works too. */
export const LogRangeQuerySchema = Type.Object({
  start: Type.Optional(Type.Integer({ minimum: 0, description: 'First byte to return (Sluice only).' })),
  end: Type.Optional(Type.Integer({ minimum: 0, description: 'Byte after the last one to return (Sluice only).' })),
  tail: Type.Optional(Type.Integer({ minimum: 0, description: 'Return the last n bytes (Sluice only).' })),
});

export const MetricsQuerySchema = Type.Object({
  get: Type.Optional(Type.String({ description: 'Comma-separated list of string values to select specific metrics.' })),
});

export const JobTaskManagerParamsSchema = Type.Object({
  jobid: Type.String({ pattern: '^[0-9a-f]{32}$', description: '32-character hexadecimal string value that identifies a job.' }),
  taskmanagerid: Type.String({ description: '32-character hexadecimal string that identifies a task manager.' }),
});
