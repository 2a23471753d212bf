/** `#/job/<running|completed>/<jobid>/<tab>[/<sub-tab>]`: one job's header and tabs, as Flink's job page. */
import { useEffect } from 'react';
import { GLOBALLY_TERMINAL_JOB_STATUSES, type JobDetailsInfo } from '../../../src/rest/api-types.js';
import { getJson } from '../api.js';
import { ErrorMessage } from '../error-message.js';
import { currentRoute, href } from '../router.js';
import { usePoll } from '../use-poll.js';
import { CheckpointsTab } from './checkpoints-tab.js';
import { ConfigurationTab } from './configuration-tab.js';
import { ExceptionsTab } from './exceptions-tab.js';
import { JobHeader } from './job-header.js';
import { OverviewTab, type RatesProps } from './overview-tab.js';
import { TimelineTab } from './timeline-tab.js';
import { useThroughputHistory } from './use-throughput-history.js';
import { useVertexRates } from './use-vertex-rates.js';

const TABS = [
  ['overview', 'Overview'],
  ['exceptions', 'Exceptions'],
  ['timeline', 'Timeline'],
  ['checkpoints', 'Checkpoints'],
  ['configuration', 'Configuration'],
] as const;

/** Where on a job's page the user is: the tab, and the sub-tab of a tab that has them (Checkpoints). */
interface JobPlace {
  which: string;
  tab: string;
  sub?: string;
}

export function JobPage({ which, jobId, tab, sub }: JobPlace & { jobId: string }) {
  const { data: job, error } = usePoll(`job:${jobId}`, () => getJson<JobDetailsInfo>(`/jobs/${encodeURIComponent(jobId)}`));
  return (
    <section className="job-page">
      {error && <ErrorMessage error={error} />}
      {job && <JobView which={which} tab={tab} sub={sub} job={job} />}
    </section>
  );
}

/** A loaded job. Rates are sampled here, above the tabs, so the throughput history survives a tab switch. */
function JobView({ which, tab, sub, job }: JobPlace & { job: JobDetailsInfo }) {
  // A job that ended while its running page was open moves to the completed jobs, as in Flink.
  // Only while the user is still on that page, read from the address bar: it may already have moved
  // on (a link clicked as the last poll came in) before its hashchange reached the router, and
  // replacing it then would take the user back.
  const ended = GLOBALLY_TERMINAL_JOB_STATUSES.has(job.state);
  useEffect(() => {
    const [page, where, jobId, ...place] = currentRoute();
    const stillHere = page === 'job' && where === 'running' && jobId === job.jid;
    if (which === 'running' && ended && stillHere) window.location.replace(href('job', 'completed', job.jid, ...(place.length > 0 ? place : [tab])));
  }, [which, ended, job.jid, tab]);
  const { rates, error } = useVertexRates(job);
  const history = useThroughputHistory(job.jid, rates);
  return (
    <>
      <JobHeader job={job} />
      <nav className="tabs">
        {TABS.map(([id, label]) => (
          <a key={id} href={href('job', which, job.jid, id)} className={id === tab ? 'active' : undefined}>{label}</a>
        ))}
      </nav>
      {error && <ErrorMessage error={error} />}
      <JobTab which={which} tab={tab} sub={sub} job={job} rates={rates} history={history} />
    </>
  );
}

function JobTab({ which, tab, sub, job, rates, history }: JobPlace & { job: JobDetailsInfo } & RatesProps) {
  switch (tab) {
    case 'overview': return <OverviewTab job={job} rates={rates} history={history} />;
    case 'exceptions': return <ExceptionsTab jobId={job.jid} />;
    case 'timeline': return <TimelineTab job={job} />;
    case 'checkpoints': return <CheckpointsTab job={job} base={['job', which, job.jid, 'checkpoints']} sub={sub ?? 'overview'} />;
    case 'configuration': return <ConfigurationTab jobId={job.jid} />;
    default: return <ErrorMessage error={new Error(`A job page has no tab '${tab}'.`)} />;
  }
}
