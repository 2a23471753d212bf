/**
 * What the JobManager and every TaskManager show alike (Flink's tabs): metrics, log, stdout, the
 * list of log files (one opened at `log-list/<name>`) and the thread dump. The pages differ only
 * in the REST path of the process and in what their metrics tab adds.
 */
import type { ReactNode } from 'react';
import { href } from '../router.js';
import { LogList } from './log-list.js';
import { LogViewer } from './log-viewer.js';
import { ProcessMetrics } from './process-metrics.js';
import type { Tab } from './tabs.js';
import { ThreadDump } from './thread-dump.js';

export const PROCESS_TABS: readonly Tab[] = [
  { id: 'metrics', label: 'Metrics' },
  { id: 'logs', label: 'Logs' },
  { id: 'stdout', label: 'Stdout' },
  { id: 'log-list', label: 'Log List' },
  { id: 'thread-dump', label: 'Thread Dump' },
];

interface ProcessTabProps {
  /** REST path of the process: `/jobmanager` or `/taskmanagers/<id>`. */
  path: string;
  /** Route of the process's page, e.g. ['task-manager', id]. */
  base: string[];
  /** The tab's route segments: [tab] or ['log-list', file name]. */
  route: string[];
  /** Shown above the process metrics on the metrics tab. */
  metricsExtra?: ReactNode;
}

export function ProcessTab({ path, base, route, metricsExtra }: ProcessTabProps) {
  const [tab, file] = route;
  switch (tab) {
    case 'logs': return <LogViewer path={`${path}/log`} />;
    case 'stdout': return <LogViewer path={`${path}/stdout`} />;
    case 'thread-dump': return <ThreadDump path={path} />;
    case 'log-list': {
      if (file === undefined) return <LogList path={path} fileHref={(name) => href(...base, 'log-list', name)} />;
      const name = decodeURIComponent(file);
      return (
        <>
          <p><a href={href(...base, 'log-list')}>All log files</a> / <code>{name}</code></p>
          <LogViewer path={`${path}/logs/${encodeURIComponent(name)}`} />
        </>
      );
    }
    default: return <>{metricsExtra}<ProcessMetrics path={path} /></>;
  }
}
