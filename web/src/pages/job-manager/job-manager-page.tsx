/** `#/job-manager/<tab>`: the JobManager's configuration and the process tabs it shares with TaskManagers. */
import { PROCESS_TABS, ProcessTab } from '../../components/process-tabs.js';
import { Tabs } from '../../components/tabs.js';
import { JobManagerConfig } from './job-manager-config.js';

const TABS = [PROCESS_TABS[0]!, { id: 'config', label: 'Configuration' }, ...PROCESS_TABS.slice(1)];

/** `route`: [tab, ...] after `job-manager`. */
export function JobManagerPage({ route }: { route: string[] }) {
  const tab = route[0] ?? 'config';
  return (
    <section>
      <h1>Job Manager</h1>
      <Tabs base={['job-manager']} tabs={TABS} current={tab} />
      {tab === 'config' ? <JobManagerConfig /> : <ProcessTab path="/jobmanager" base={['job-manager']} route={route} />}
    </section>
  );
}
