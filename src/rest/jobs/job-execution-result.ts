/**
 * `GET /jobs/:jobid/execution-result` (Flink's JobExecutionResultResponseBody): IN_PROGRESS while
 * the job runs; once it is globally terminal, COMPLETED with its JobResult. The failure cause is
 * the root cause's message and stack as text (there is no Java serialization here).
 */
import type { ArchivedExecutionGraph } from '../../protocol/execution-graph-info.js';
import { jobEndTime, jobStartTime } from '../../protocol/job-details.js';
import { toJobResult } from '../../protocol/job-result.js';
import { GLOBALLY_TERMINAL_JOB_STATUSES } from '../../protocol/states.js';
import type { JobExecutionResultResponseBody } from './job-schemas.js';

export function jobExecutionResultJson(graph: ArchivedExecutionGraph): JobExecutionResultResponseBody {
  if (!GLOBALLY_TERMINAL_JOB_STATUSES.has(graph.state)) return { status: { id: 'IN_PROGRESS' } };
  const result = toJobResult(graph);
  const cause = result.failureCause;
  return {
    status: { id: 'COMPLETED' },
    'job-execution-result': {
      jobId: result.jobId,
      applicationId: result.jobId,
      jobName: result.jobName,
      jobStatus: result.state,
      success: result.state === 'FINISHED',
      startTime: jobStartTime(graph),
      endTime: jobEndTime(graph),
      netRuntime: result.netRuntime,
      accumulatorResults: {},
      ...(cause !== undefined && { serializedThrowable: { 'serialized-throwable': cause.stack ?? cause.message } }),
    },
  };
}
