/** A list of jobs as Flink's dashboard shows it; a row opens the job. */
import type { JobDetails } from '../../../src/rest/api-types.js';
import { formatDuration, formatTime } from '../format.js';
import { href } from '../router.js';
import { StateBadge, TaskCounts } from '../state-badge.js';
import { WindowedTable } from '../windowed-table.js';
import { isTerminal } from './use-jobs-overview.js';

/** The job page of a job, under `running` or `completed` as Flink's routes have it. */
export const jobHref = (job: Pick<JobDetails, 'jid' | 'state'>, tab = 'overview'): string =>
  href('job', isTerminal(job.state) ? 'completed' : 'running', job.jid, tab);

export function JobList({ title, jobs, testId }: { title: string; jobs?: JobDetails[]; testId: string }) {
  return (
    <div className="card">
      <h2>{title}</h2>
      {jobs && (
        <WindowedTable
          testId={testId}
          className="job-list"
          rows={jobs}
          empty={<p className="empty">No jobs.</p>}
          header={
            <tr><th>Job Name</th><th>Start Time</th><th>Duration</th><th>End Time</th><th>Tasks</th><th>Status</th></tr>
          }
          renderRow={(job) => (
            <tr key={job.jid} className="clickable" onClick={() => (window.location.hash = jobHref(job))}>
              <td className="name"><a href={jobHref(job)} title={job.jid}>{job.name}</a></td>
              <td>{formatTime(job['start-time'])}</td>
              <td>{formatDuration(job.duration)}</td>
              <td>{formatTime(job['end-time'])}</td>
              <td><TaskCounts tasks={job.tasks} /></td>
              <td><StateBadge state={job.state} /></td>
            </tr>
          )}
        />
      )}
    </div>
  );
}
