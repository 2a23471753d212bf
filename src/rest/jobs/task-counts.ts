/** Counts of subtasks per ExecutionState, in the key spellings Flink's JSON uses. */
import { EXECUTION_STATES, type ExecutionState } from '../../protocol/states.js';

/** Number of subtasks (or vertices) per state. */
export type StateCounts = Record<ExecutionState, number>;

/** Counts the given states; every state is present. */
export function countStates(states: Iterable<ExecutionState>): StateCounts {
  const counts = Object.fromEntries(EXECUTION_STATES.map((s) => [s, 0])) as StateCounts;
  for (const s of states) counts[s] += 1;
  return counts;
}

/** `status-counts` and vertex `tasks` of `/jobs/:jobid`: UPPER-CASE state names, every state present. */
export function upperCaseCounts(counts: Partial<StateCounts>): Record<ExecutionState, number> {
  return Object.fromEntries(EXECUTION_STATES.map((s) => [s, counts[s] ?? 0])) as Record<ExecutionState, number>;
}

/**
 * The `tasks` summary: `total`, every state in lower case (Flink's JobDetails) and the legacy
 * `pending` = created + scheduled + deploying that older clients and the article read.
 */
export function taskSummary(counts: Partial<StateCounts>, total: number): Record<string, number> {
  const summary: Record<string, number> = { total };
  for (const s of EXECUTION_STATES) summary[s.toLowerCase()] = counts[s] ?? 0;
  summary.pending = (counts.CREATED ?? 0) + (counts.SCHEDULED ?? 0) + (counts.DEPLOYING ?? 0);
  return summary;
}
