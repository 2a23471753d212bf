/** `#/overview`: TaskManagers, slots, and the running and completed jobs of the cluster, refreshed live. */
import type { ClusterOverviewWithVersion } from '../../../src/rest/api-types.js';
import { getJson } from '../api.js';
import { ErrorMessage } from '../error-message.js';
import { JobList } from '../jobs/job-list.js';
import { useJobsOverview } from '../jobs/use-jobs-overview.js';
import { usePoll } from '../use-poll.js';

export function OverviewPage() {
  const { data, error } = usePoll('overview', () => getJson<ClusterOverviewWithVersion>('/overview'));
  const jobs = useJobsOverview();
  return (
    <section>
      <h1>Overview</h1>
      {error && <ErrorMessage error={error} />}
      {data && (
        <dl className="stats" data-testid="cluster-overview">
          <div><dt>Task Managers</dt><dd>{data.taskmanagers}</dd></div>
          <div><dt>Task Slots</dt><dd>{data['slots-total']}</dd></div>
          <div><dt>Available Task Slots</dt><dd>{data['slots-available']}</dd></div>
          <div><dt>Running Jobs</dt><dd>{data['jobs-running']}</dd></div>
          <div><dt>Finished</dt><dd>{data['jobs-finished']}</dd></div>
          <div><dt>Canceled</dt><dd>{data['jobs-cancelled']}</dd></div>
          <div><dt>Failed</dt><dd>{data['jobs-failed']}</dd></div>
        </dl>
      )}
      {jobs.error && <ErrorMessage error={jobs.error} />}
      <JobList title="Running Job List" jobs={jobs.running} testId="running-jobs" />
      <JobList title="Completed Job List" jobs={jobs.completed} testId="completed-jobs" />
    </section>
  );
}
