/** Start, end and duration of a job as Flink reports them. */
import { GLOBALLY_TERMINAL_JOB_STATUSES, type JobStatus } from '../../protocol/states.js';

/** The timing fields shared by `/jobs/overview` and `/jobs/:jobid`. */
export interface JobTimes {
  'start-time': number;
  /** -1 until the job reached a globally terminal state. */
  'end-time': number;
  /** Until now while the job has not ended. */
  duration: number;
}

/** The timing fields of a job in `state` that started at `startTime` and (maybe) ended at `endTime`. */
export function jobTimes(state: JobStatus, startTime: number, endTime: number, now: number): JobTimes {
  const end = GLOBALLY_TERMINAL_JOB_STATUSES.has(state) ? endTime : -1;
  return { 'start-time': startTime, 'end-time': end, duration: (end > 0 ? end : now) - startTime };
}
