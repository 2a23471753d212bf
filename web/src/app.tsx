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

/**
 * A sidebar link, highlighted while the current route is under it; `match` is how many of its
 * segments must agree (Job Manager's link opens `config` but stands for all its tabs).
 */
function NavLink({ route, to, match = to.length, sub, children }: { route: string[]; to: string[]; match?: number; sub?: boolean; children: string }) {
  const current = route.length > 0 ? route : ['overview'];
  const active = to.slice(0, match).every((segment, i) => current[i] === segment);
  return <a className={`${sub ? 'nav-sub' : ''} ${active ? 'active' : ''}`.trim() || undefined} href={href(...to)}>{children}</a>;
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
        <NavLink route={route} to={['overview']}>Overview</NavLink>
        <div className="nav-group">Jobs</div>
        <NavLink route={route} to={['job', 'running']} sub>Running Jobs</NavLink>
        <NavLink route={route} to={['job', 'completed']} sub>Completed Jobs</NavLink>
        <NavLink route={route} to={['task-manager']}>Task Managers</NavLink>
        <NavLink route={route} to={['job-manager', 'config']} match={1}>Job Manager</NavLink>
        <NavLink route={route} to={['submit']}>Submit New Job</NavLink>
      </nav>
      <main><Page route={route} /></main>
    </DashboardConfigContext.Provider>
  );
}
