/**
 * The job page's header: name, id, state, times, the savepoint actions of a running job, Cancel
 * while the job can be cancelled, and the cluster's "Waiting for N more task slots" line while the
 * job waits for slots.
 */
import type { JobDetailsInfo } from '../../../src/rest/api-types.js';
import { formatDuration, formatTime } from '../format.js';
import { isTerminal } from '../jobs/use-jobs-overview.js';
import { useDashboardConfig } from '../refresh.js';
import { StateBadge, TaskCounts } from '../state-badge.js';
import { CancelButton } from './cancel-button.js';
import { SavepointActions } from './savepoints/savepoint-actions.js';

export function JobHeader({ job }: { job: JobDetailsInfo }) {
  const canCancel = useDashboardConfig()?.features['web-cancel'] === true && !isTerminal(job.state);
  const waiting = job['waiting-for-slots'];
  return (
    <header className="card job-header" data-testid="job-header">
      <div className="job-title">
        <h1>{job.name}</h1>
        <StateBadge state={job.state} />
        <SavepointActions job={job} canStop={canCancel} />
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
      {waiting && (
        <p className="notice job-waiting" role="status" data-testid="job-waiting">
          {waiting.message} since {formatTime(waiting.since)}; after <code>slot.request.timeout</code> the job fails, or restarts as its restart strategy says.
        </p>
      )}
    </header>
  );
}
