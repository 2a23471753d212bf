/** The dashboard's configuration (`/config`): refresh interval and enabled features, loaded once. */
import { createContext, useContext } from 'react';
import type { DashboardConfiguration } from '../../src/rest/api-types.js';

export const DashboardConfigContext = createContext<DashboardConfiguration | undefined>(undefined);

/** Flink's default when /config has not answered yet. */
const DEFAULT_REFRESH_MS = 3000;

export function useDashboardConfig(): DashboardConfiguration | undefined {
  return useContext(DashboardConfigContext);
}

export function useRefreshInterval(): number {
  return useDashboardConfig()?.['refresh-interval'] ?? DEFAULT_REFRESH_MS;
}
