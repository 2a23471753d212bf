/** `/overview` (ClusterOverviewWithVersion) and `/config` (DashboardConfiguration). */
import type { Configuration } from '../../common/config/configuration.js';
import { WebOptions } from '../../common/config/options.js';
import type { ClusterOverview } from '../../protocol/cluster-info.js';
import type { BuildInfo } from './build-info.js';
import type { ClusterOverviewWithVersion, DashboardConfiguration } from './cluster-schemas.js';

/** The JSON of `/overview`. Sluice never blocks TaskManagers, so the blocked counts are 0. */
export function clusterOverviewJson(overview: ClusterOverview, build: BuildInfo): ClusterOverviewWithVersion {
  return {
    taskmanagers: overview.numTaskManagersConnected,
    'slots-total': overview.numSlotsTotal,
    'slots-available': overview.numSlotsAvailable,
    'jobs-running': overview.numJobsRunningOrPending,
    'jobs-finished': overview.numJobsFinished,
    'jobs-cancelled': overview.numJobsCancelled,
    'jobs-failed': overview.numJobsFailed,
    'flink-version': build.version,
    'flink-commit': build.commit,
    'slots-free-and-blocked': 0,
    'taskmanagers-blocked': 0,
  };
}

/** The JSON of `/config`, the Web UI's bootstrap: refresh rate, time zone, version, features. */
export function dashboardConfigJson(config: Configuration, build: BuildInfo, now: Date): DashboardConfiguration {
  return {
    'refresh-interval': config.get(WebOptions.REFRESH_INTERVAL),
    'timezone-name': timeZoneName(now),
    // Offset at `now` in ms, east of UTC positive, as Flink computes it (`0 -` avoids -0).
    'timezone-offset': 0 - now.getTimezoneOffset() * 60_000,
    'flink-version': build.version,
    'flink-revision': build.commit === 'unknown' ? 'unknown revision' : build.commit,
    features: {
      'web-submit': config.get(WebOptions.SUBMIT_ENABLE),
      'web-cancel': config.get(WebOptions.CANCEL_ENABLE),
      'web-rescale': true,
      'web-history': false,
    },
  };
}

/** The long name of the process's time zone, like Java's full display name ("Coordinated Universal Time"). */
function timeZoneName(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZoneName: 'long' }).formatToParts(now);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}
