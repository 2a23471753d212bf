/** The dashboard: navigation, the page of the current hash route, and the /config context. */
import { useEffect, useState } from 'react';
import type { DashboardConfiguration } from '../../src/rest/api-types.js';
import { getJson } from './api.js';
import { JobRoute } from './pages/job-route.js';
import { OverviewPage } from './pages/overview.js';
import { NotFoundPage } from './pages/not-found.js';
import { DashboardConfigContext } from './refresh.js';
import { href, useRoute } from './router.js';

function Page({ route }: { route: string[] }) {
  switch (route[0] ?? 'overview') {
    case 'overview': return <OverviewPage />;
    case 'job': return <JobRoute route={route} />;
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
      </nav>
      <main><Page route={route} /></main>
    </DashboardConfigContext.Provider>
  );
}
