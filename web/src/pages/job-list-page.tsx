/** `#/job/running` and `#/job/completed`: Flink's job list pages. */
import { ErrorMessage } from '../error-message.js';
import { JobList } from '../jobs/job-list.js';
import { useJobsOverview } from '../jobs/use-jobs-overview.js';

export function JobListPage({ which }: { which: 'running' | 'completed' }) {
  const overview = useJobsOverview();
  const title = which === 'running' ? 'Running Jobs' : 'Completed Jobs';
  return (
    <section>
      <h1>{title}</h1>
      {overview.error && <ErrorMessage error={overview.error} />}
      <JobList title={`${title} (${overview[which]?.length ?? '…'})`} jobs={overview[which]} testId={`${which}-jobs`} />
    </section>
  );
}
