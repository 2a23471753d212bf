/** The dashboard: navigation, the page of the current hash route, and the /config context. */
import { useEffect, useState } from 'react';
import type { DashboardConfiguration } from '../../src/rest/api-types.js';
import { getJson } from './api.js';
import { JobRoute } from './pages/job-route.js';
import { OverviewPage } from './pages/overview.js';
import { NotFoundPage } from './pages/not-found.js';
import { TaskManagerListPage } from './pages/task-managers/task-manager-list.js';
import { TaskManagerPage } from './pages/task-managers/task-manager-page.js';
import { JobManagerPage } from './pages/job-manager/job-manager-page.js';
import { SubmitPage } from './pages/submit/submit-page.js';
import { DashboardConfigContext } from './refresh.js';
import { href, useRoute } from './router.js';

function Page({ route }: { route: string[] }) {
  switch (route[0] ?? 'overview') {
    case 'overview': return <OverviewPage />;
    case 'job': return <JobRoute route={route} />;
    case 'task-manager': return route.length > 1 ? <TaskManagerPage route={route.slice(1)} /> : <TaskManagerListPage />;
    case 'job-manager': return <JobManagerPage route={route.slice(1)} />;
    case 'submit': return <SubmitPage />;
    default: return <NotFoundPage route={route} />;
  }
}

export function App() {
  const route = useRoute();
  const [config, setConfig] = useState<DashboardConfiguration>();
  useEffect(() => {
    getJson<DashboardConfiguration>('/config').then(setConfig, () => undefined);
  }, []);
  return (
    <DashboardConfigContext.Provider value={config}>
      <nav className="sidebar">
        <div className="brand">Sluice {config?.['flink-version']}</div>
        <a href={href('overview')}>Overview</a>
        <div className="nav-group">Jobs</div>
        <a className="nav-sub" href={href('job', 'running')}>Running Jobs</a>
        <a className="nav-sub" href={href('job', 'completed')}>Completed Jobs</a>
        <a href={href('task-manager')}>Task Managers</a>
        <a href={href('job-manager', 'config')}>Job Manager</a>
        <a href={href('submit')}>Submit New Job</a>
      </nav>
      <main><Page route={route} /></main>
    </DashboardConfigContext.Provider>
  );
}
