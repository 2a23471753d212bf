/** One row of `/jobs/overview` (Flink's JobDetails JSON). */
import type { JobDetails } from '../../protocol/execution-graph-info.js';
import { jobTimes } from './job-times.js';
import type { JobDetails as JobDetailsJson } from './job-schemas.js';
import { taskSummary } from './task-counts.js';

/** The JSON of one job summary. */
export function jobOverviewJson(job: JobDetails, now: number): JobDetailsJson {
  return {
    jid: job.jobId,
    name: job.jobName,
    jobType: job.jobType,
    state: job.state,
    ...jobTimes(job.state, job.startTime, job.endTime, now),
    'last-modification': job.lastModification,
    tasks: taskSummary(job.tasksPerState, job.numTasks),
    'pending-operators': 0,
    schedulerType: 'Default',
  };
}
