/** `#/job/<running|completed>/<jobid>/<tab>`: one job's header and tabs, as Flink's job page. */
import type { JobDetailsInfo } from '../../../src/rest/api-types.js';
import { getJson } from '../api.js';
import { ErrorMessage } from '../error-message.js';
import { href } from '../router.js';
import { usePoll } from '../use-poll.js';
import { ConfigurationTab } from './configuration-tab.js';
import { ExceptionsTab } from './exceptions-tab.js';
import { JobHeader } from './job-header.js';
import { OverviewTab } from './overview-tab.js';
import { TimelineTab } from './timeline-tab.js';

const TABS = [
  ['overview', 'Overview'],
  ['exceptions', 'Exceptions'],
  ['timeline', 'Timeline'],
  ['configuration', 'Configuration'],
] as const;

export function JobPage({ which, jobId, tab }: { which: string; jobId: string; tab: string }) {
  const { data: job, error } = usePoll(`job:${jobId}`, () => getJson<JobDetailsInfo>(`/jobs/${encodeURIComponent(jobId)}`));
  return (
    <section className="job-page">
      {error && <ErrorMessage error={error} />}
      {job && (
        <>
          <JobHeader job={job} />
          <nav className="tabs">
            {TABS.map(([id, label]) => (
              <a key={id} href={href('job', which, jobId, id)} className={id === tab ? 'active' : undefined}>{label}</a>
            ))}
          </nav>
          <JobTab tab={tab} job={job} />
        </>
      )}
    </section>
  );
}

function JobTab({ tab, job }: { tab: string; job: JobDetailsInfo }) {
  switch (tab) {
    case 'overview': return <OverviewTab job={job} />;
    case 'exceptions': return <ExceptionsTab jobId={job.jid} />;
    case 'timeline': return <TimelineTab job={job} />;
    case 'configuration': return <ConfigurationTab jobId={job.jid} />;
    default: return <ErrorMessage error={new Error(`A job page has no tab '${tab}'.`)} />;
  }
}
