/**
 * `GET /jobs/:jobid/execution-result` (Flink's JobExecutionResultResponseBody): IN_PROGRESS while
 * the job runs; once it is globally terminal, COMPLETED with its JobResult as Flink's
 * JobResultSerializer writes it (`id`, `application-status`, `net-runtime`, ...: not the Java
 * property names the generated spec shows). The failure cause is the root cause's code and stack
 * as text (there is no Java serialization here).
 */
import type { ArchivedExecutionGraph } from '../../protocol/execution-graph-info.js';
import { jobEndTime, jobStartTime } from '../../protocol/job-details.js';
import { toJobResult } from '../../protocol/job-result.js';
import { GLOBALLY_TERMINAL_JOB_STATUSES, type JobStatus } from '../../protocol/states.js';
import type { JobExecutionResultResponseBody } from './job-schemas.js';
import { serializedThrowableJson } from './serialized-throwable.js';

/** Flink's ApplicationStatus.fromJobStatus: what 1.x clients read as the job's outcome. */
function applicationStatus(state: JobStatus): 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'UNKNOWN' {
  if (state === 'FINISHED') return 'SUCCEEDED';
  if (state === 'FAILED' || state === 'CANCELED') return state;
  return 'UNKNOWN';
}

export function jobExecutionResultJson(graph: ArchivedExecutionGraph): JobExecutionResultResponseBody {
  if (!GLOBALLY_TERMINAL_JOB_STATUSES.has(graph.state)) return { status: { id: 'IN_PROGRESS' } };
  const result = toJobResult(graph);
  const cause = result.failureCause;
  const stackTrace = cause?.stack ?? cause?.message ?? '';
  return {
    status: { id: 'COMPLETED' },
    'job-execution-result': {
      id: result.jobId,
      name: result.jobName,
      'application-status': applicationStatus(result.state),
      'accumulator-results': {},
      'net-runtime': result.netRuntime,
      ...(cause !== undefined && { 'failure-cause': serializedThrowableJson(cause.code, stackTrace) }),
      'application-id': result.jobId,
      'start-time': jobStartTime(graph),
      'end-time': jobEndTime(graph),
    },
  };
}
