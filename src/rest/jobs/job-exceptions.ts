/**
 * `/jobs/:jobid/exceptions`: Flink's JobExceptionsInfoWithHistory. Besides `exceptionHistory`
 * it carries the fields Flink 1.x (up to 1.20) still writes and 1.x dashboards read: the root
 * cause (`root-exception`, `timestamp`) and the failures of the current attempts
 * (`all-exceptions`, `truncated`). Flink 2.0 dropped them.
 */
import type { ArchivedExecutionGraph } from '../../protocol/execution-graph-info.js';
import type { JobExceptionsInfoWithHistory } from './job-schemas.js';
import { UNASSIGNED } from './task-location.js';

/** Flink's default for `maxExceptions`. */
export const DEFAULT_MAX_EXCEPTIONS = 20;

type ExecutionExceptionInfo = JobExceptionsInfoWithHistory['all-exceptions'][number];

/**
 * The failures of the current attempts (Flink's JobExceptionsHandler: at most `maxExceptions`,
 * `truncated` when more failed), in vertex and subtask order.
 */
function currentAttemptFailures(graph: ArchivedExecutionGraph, maxExceptions: number): { failures: ExecutionExceptionInfo[]; truncated: boolean } {
  const failures: ExecutionExceptionInfo[] = [];
  for (const vertex of graph.vertices) {
    for (const s of vertex.subtasks) {
      if (s.failureCause === undefined) continue;
      if (failures.length >= maxExceptions) return { failures, truncated: true };
      failures.push({
        exception: s.failureCause,
        task: `${vertex.name} (${s.subtaskIndex + 1}/${vertex.parallelism})`,
        location: s.endpoint ?? UNASSIGNED,
        timestamp: s.stateTimestamps.FAILED ?? -1,
        taskManagerId: s.taskManagerId ?? UNASSIGNED,
        // Flink 1.20's serializer does not write these three; its 1.x dashboard still declares them.
        'attempt-num': s.attemptNumber,
        'subtask-index': s.subtaskIndex,
        'vertex-id': vertex.id,
      });
    }
  }
  return { failures, truncated: false };
}

/** The answer for `graph`: the newest `maxExceptions` history entries, newest first. */
export function jobExceptionsJson(graph: ArchivedExecutionGraph, maxExceptions: number): JobExceptionsInfoWithHistory {
  const newestFirst = [...graph.exceptionHistory].sort((a, b) => b.timestamp - a.timestamp);
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
  const exceptionHistory = { entries, truncated: (graph.exceptionHistoryTruncated ?? false) || newestFirst.length > entries.length };
  const cause = graph.failureCause;
  // Flink fills the 1.x fields only once the job has a root cause; until then they are null and empty.
  if (!cause) return { 'root-exception': null, timestamp: null, 'all-exceptions': [], truncated: false, exceptionHistory };
  const { failures, truncated } = currentAttemptFailures(graph, maxExceptions);
  return {
    'root-exception': cause.stack ?? cause.message,
    timestamp: graph.failureTimestamp ?? null,
    'all-exceptions': failures,
    truncated,
    exceptionHistory,
  };
}
