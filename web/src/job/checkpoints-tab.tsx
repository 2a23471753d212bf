/**
 * The job's Checkpoints tab, as Flink's: Overview, History, Summary and Configuration sub-tabs at
 * `#/job/<running|completed>/<jobid>/checkpoints/<sub-tab>`. The configuration is loaded first,
 * once: its 404 means the job does not checkpoint, which the tab says instead of showing figures.
 */
import type { CheckpointConfigInfo, CheckpointingStatisticsInfo, JobDetailsInfo } from '../../../src/rest/api-types.js';
import { ApiError, getJson } from '../api.js';
import type { Tab } from '../components/tabs.js';
import { Tabs } from '../components/tabs.js';
import { ErrorMessage } from '../error-message.js';
import { usePoll } from '../use-poll.js';
import { CheckpointConfiguration } from './checkpoints/checkpoint-configuration.js';
import { CheckpointHistory } from './checkpoints/checkpoint-history.js';
import { CheckpointOverview } from './checkpoints/checkpoint-overview.js';
import { CheckpointSummary } from './checkpoints/checkpoint-summary.js';

const SUB_TABS: readonly Tab[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'history', label: 'History' },
  { id: 'summary', label: 'Summary' },
  { id: 'configuration', label: 'Configuration' },
];

export interface CheckpointsTabProps {
  job: JobDetailsInfo;
  /** The route of this tab (`['job', which, jobId, 'checkpoints']`); sub-tabs add one segment. */
  base: string[];
  sub: string;
}

export function CheckpointsTab({ job, base, sub }: CheckpointsTabProps) {
  // The settings of a job do not change: loaded once.
  const { data: config, error } = usePoll(`checkpoint-config:${job.jid}`, () => getJson<CheckpointConfigInfo>(`/jobs/${job.jid}/checkpoints/config`), false);
  if (error instanceof ApiError && error.status === 404) {
    return <div className="card" data-testid="checkpoints-disabled"><p className="empty">{error.message}</p></div>;
  }
  if (error) return <ErrorMessage error={error} />;
  if (!config) return null;
  return (
    <>
      <Tabs base={base} tabs={SUB_TABS} current={sub} />
      {sub === 'configuration' ? <CheckpointConfiguration config={config} /> : <CheckpointStatisticsTab job={job} sub={sub} />}
    </>
  );
}

/** The sub-tabs that show `/jobs/:id/checkpoints`, polled while one of them is open. */
function CheckpointStatisticsTab({ job, sub }: { job: JobDetailsInfo; sub: string }) {
  const { data, error } = usePoll(`checkpoints:${job.jid}`, () => getJson<CheckpointingStatisticsInfo>(`/jobs/${job.jid}/checkpoints`));
  if (error) return <ErrorMessage error={error} />;
  if (!data) return null;
  switch (sub) {
    case 'overview': return <CheckpointOverview stats={data} />;
    case 'history': return <CheckpointHistory job={job} history={data.history} />;
    case 'summary': return <CheckpointSummary stats={data} />;
    default: return <ErrorMessage error={new Error(`The Checkpoints tab has no sub-tab '${sub}'.`)} />;
  }
}
