/** `#/job/<running|completed>[/<jobid>[/<tab>[/<sub-tab>]]]`: a job list, or one job's page. */
import { JobPage } from '../job/job-page.js';
import { JobListPage } from './job-list-page.js';
import { NotFoundPage } from './not-found.js';

export function JobRoute({ route }: { route: string[] }) {
  const [, which, jobId, tab, sub] = route;
  if (which !== 'running' && which !== 'completed') return <NotFoundPage route={route} />;
  if (!jobId) return <JobListPage which={which} />;
  return <JobPage which={which} jobId={jobId} tab={tab ?? 'overview'} sub={sub} />;
}
