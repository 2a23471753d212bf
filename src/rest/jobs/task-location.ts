/**
 * Where a subtask runs, in the fields Flink writes: `endpoint` (`host:port` of the TaskManager's
 * data endpoint, Flink 1.19+) and the deprecated `host` (the host name alone) that Flink up to
 * 1.20 still writes and 1.x dashboards read (removed in Flink 2.0).
 */
import type { ArchivedExecution } from '../../protocol/execution-graph-info.js';

/** Flink's location of an attempt that was never deployed. */
export const UNASSIGNED = '(unassigned)';

/** `endpoint` and `host` of the attempt's TaskManager, `(unassigned)` before it is deployed. */
export function taskLocation(s: ArchivedExecution): { endpoint: string; host: string } {
  if (s.endpoint === undefined) return { endpoint: UNASSIGNED, host: UNASSIGNED };
  return { endpoint: s.endpoint, host: s.endpoint.slice(0, s.endpoint.lastIndexOf(':')) };
}
