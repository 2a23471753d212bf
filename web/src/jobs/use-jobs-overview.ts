/** The cluster's jobs from one `/jobs/overview` poll, split as Flink's lists are. */
import { GLOBALLY_TERMINAL_JOB_STATUSES, type JobDetails, type MultipleJobsDetails } from '../../../src/rest/api-types.js';
import { getJson } from '../api.js';
import { usePoll } from '../use-poll.js';

export interface JobsOverview {
  running?: JobDetails[];
  completed?: JobDetails[];
  error?: Error;
}

/** Whether the job will never run again (FINISHED, FAILED, CANCELED). */
export const isTerminal = (state: JobDetails['state']): boolean => GLOBALLY_TERMINAL_JOB_STATUSES.has(state);

const newestFirst = (a: JobDetails, b: JobDetails): number => b['start-time'] - a['start-time'];

/** Running (every non-terminal state) and completed jobs, newest first, refreshed live. */
export function useJobsOverview(): JobsOverview {
  const { data, error } = usePoll('jobs-overview', () => getJson<MultipleJobsDetails>('/jobs/overview'));
  if (!data) return { error };
  const jobs = [...data.jobs].sort(newestFirst);
  return { running: jobs.filter((j) => !isTerminal(j.state)), completed: jobs.filter((j) => isTerminal(j.state)), error };
}
