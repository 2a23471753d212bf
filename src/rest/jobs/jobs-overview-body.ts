/**
 * The body of `/jobs/overview`, serialized here. With many finished jobs kept (1,000 in the REST
 * benchmark) building and serializing every row on every request dominated the route; an ended
 * job's row never changes, so it is serialized once per summary object (the Dispatcher's job
 * store keeps one per job) and reused.
 */
import type { JobDetails } from '../../protocol/execution-graph-info.js';
import { GLOBALLY_TERMINAL_JOB_STATUSES } from '../../protocol/states.js';
import { jobOverviewJson } from './job-overview.js';

const endedRows = new WeakMap<JobDetails, string>();

/** `{"jobs":[...]}` for `jobs` at time `now`. */
export function jobsOverviewBody(jobs: readonly JobDetails[], now: number): string {
  return `{"jobs":[${jobs.map((job) => row(job, now)).join(',')}]}`;
}

function row(job: JobDetails, now: number): string {
  // Without an end time the duration runs on with `now` (see jobTimes).
  if (!GLOBALLY_TERMINAL_JOB_STATUSES.has(job.state) || job.endTime <= 0) return JSON.stringify(jobOverviewJson(job, now));
  let json = endedRows.get(job);
  if (json === undefined) {
    json = JSON.stringify(jobOverviewJson(job, now));
    endedRows.set(job, json);
  }
  return json;
}
