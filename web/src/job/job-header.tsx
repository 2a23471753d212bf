/** The job page's header: name, id, state, times, and Cancel while the job can be cancelled. */
import type { JobDetailsInfo } from '../../../src/rest/api-types.js';
import { formatDuration, formatTime } from '../format.js';
import { isTerminal } from '../jobs/use-jobs-overview.js';
import { useDashboardConfig } from '../refresh.js';
import { StateBadge, TaskCounts } from '../state-badge.js';
import { CancelButton } from './cancel-button.js';

export function JobHeader({ job }: { job: JobDetailsInfo }) {
  const canCancel = useDashboardConfig()?.features['web-cancel'] === true && !isTerminal(job.state);
  return (
    <header className="card job-header" data-testid="job-header">
      <div className="job-title">
        <h1>{job.name}</h1>
        <StateBadge state={job.state} />
        {canCancel && <CancelButton jobId={job.jid} />}
      </div>
      <dl className="job-facts">
        <div><dt>Job ID</dt><dd><code>{job.jid}</code></dd></div>
        <div><dt>Job Type</dt><dd>{job['job-type']}</dd></div>
        <div><dt>Start Time</dt><dd>{formatTime(job['start-time'])}</dd></div>
        <div><dt>End Time</dt><dd>{formatTime(job['end-time'])}</dd></div>
        <div><dt>Duration</dt><dd>{formatDuration(job.duration)}</dd></div>
        <div><dt>Tasks</dt><dd><TaskCounts tasks={job['status-counts']} /></dd></div>
      </dl>
    </header>
  );
}
