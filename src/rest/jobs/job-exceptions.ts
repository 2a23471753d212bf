/** `/jobs/:jobid/exceptions`: Flink's JobExceptionsInfoWithHistory. */
import type { ExceptionHistoryEntry } from '../../protocol/execution-graph-info.js';
import type { JobExceptionsInfoWithHistory } from './job-schemas.js';

/** Flink's default for `maxExceptions`. */
export const DEFAULT_MAX_EXCEPTIONS = 20;

/** The newest `maxExceptions` entries of the history, newest first. */
export function jobExceptionsJson(history: ExceptionHistoryEntry[], maxExceptions: number, dropped = false): JobExceptionsInfoWithHistory {
  const newestFirst = [...history].sort((a, b) => b.timestamp - a.timestamp);
  const entries = newestFirst.slice(0, maxExceptions).map((e) => ({
    exceptionName: e.exceptionName,
    stacktrace: e.stacktrace,
    timestamp: e.timestamp,
    // null for a failure of the whole job rather than of one task, as in Flink.
    taskName: e.taskName ?? null,
    endpoint: e.endpoint ?? null,
    // Flink 1.x name of `endpoint`, still read by 1.x clients.
    location: e.endpoint ?? null,
    taskManagerId: e.taskManagerId ?? null,
    failureLabels: {},
    concurrentExceptions: [],
  }));
  return { exceptionHistory: { entries, truncated: dropped || newestFirst.length > entries.length } };
}
