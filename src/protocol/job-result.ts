/** The outcome of a globally terminated job (Flink's JobResult), as the Dispatcher reports it. */
import type { SerializedError } from '../common/errors.js';
import type { JobId } from '../common/ids.js';
import type { ArchivedExecutionGraph } from './execution-graph-info.js';
import { jobEndTime, jobStartTime } from './job-details.js';
import type { JobStatus } from './states.js';

export interface JobResult {
  jobId: JobId;
  jobName: string;
  /** FINISHED, FAILED or CANCELED. */
  state: JobStatus;
  /** From submission to the terminal state, in ms. */
  netRuntime: number;
  /** For a FAILED job: the root cause (the first failure, with the user's message and stack). */
  failureCause?: SerializedError;
}

/** The result of a job whose final snapshot this is. */
export function toJobResult(graph: ArchivedExecutionGraph): JobResult {
  return {
    jobId: graph.jobId,
    jobName: graph.jobName,
    state: graph.state,
    netRuntime: Math.max(0, jobEndTime(graph) - jobStartTime(graph)),
    ...(graph.failureCause !== undefined && { failureCause: graph.failureCause }),
  };
}
