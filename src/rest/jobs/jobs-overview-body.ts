/**
 * The body of `/jobs/overview`, serialized here. With many finished jobs kept (1,000 in the REST
 * benchmark) building and serializing every row on every request dominated the route. An ended
 * job's row never changes: it is serialized once per summary object (the Dispatcher's job store
 * keeps one per job), and the encoded run of ended rows at the end of the list (the archive) is
 * reused as long as the archive holds the same jobs, so a request copies bytes instead of
 * building and encoding a large string.
 */
import type { JobDetails } from '../../protocol/execution-graph-info.js';
import { GLOBALLY_TERMINAL_JOB_STATUSES } from '../../protocol/states.js';
import { jobOverviewJson } from './job-overview.js';

const endedRows = new WeakMap<JobDetails, string>();

/** The last encoded run of ended rows and the jobs it was made of. */
let lastEnded: { jobs: readonly JobDetails[]; bytes: Buffer } = { jobs: [], bytes: Buffer.alloc(0) };

/** `{"jobs":[...]}` for `jobs` at time `now`, as UTF-8. */
export function jobsOverviewBody(jobs: readonly JobDetails[], now: number): Buffer {
  let split = jobs.length;
  while (split > 0 && hasEnded(jobs[split - 1]!)) split--;
  const live = jobs.slice(0, split).map((job) => (hasEnded(job) ? endedRow(job) : JSON.stringify(jobOverviewJson(job, now)))).join(',');
  const ended = encodedEndedRows(jobs.slice(split));
  const separator = live.length > 0 && ended.length > 0 ? ',' : '';
  return Buffer.concat([Buffer.from(`{"jobs":[${live}${separator}`), ended, Buffer.from(']}')]);
}

/** Without an end time the duration runs on with `now` (see jobTimes). */
function hasEnded(job: JobDetails): boolean {
  return GLOBALLY_TERMINAL_JOB_STATUSES.has(job.state) && job.endTime > 0;
}

function encodedEndedRows(jobs: readonly JobDetails[]): Buffer {
  if (jobs.length === lastEnded.jobs.length && jobs.every((job, i) => job === lastEnded.jobs[i])) return lastEnded.bytes;
  const bytes = Buffer.from(jobs.map(endedRow).join(','));
  lastEnded = { jobs, bytes };
  return bytes;
}

function endedRow(job: JobDetails): string {
  let json = endedRows.get(job);
  if (json === undefined) {
    // An ended job's duration does not depend on `now`.
    json = JSON.stringify(jobOverviewJson(job, 0));
    endedRows.set(job, json);
  }
  return json;
}
