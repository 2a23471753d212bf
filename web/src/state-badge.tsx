/** Job and task states as coloured badges (Flink's colours: RUNNING blue, FINISHED green, FAILED red, ...). */
import { EXECUTION_STATES } from '../../src/rest/api-types.js';

/** A state name in its colour. */
export function StateBadge({ state }: { state: string }) {
  return <span className={`state state-${state.toLowerCase()}`}>{state}</span>;
}

/**
 * Task counts per state, one small badge per state that has tasks, in the order tasks pass through
 * them. Accepts both spellings the API uses: `/jobs/overview`'s lower-case keys (with `total` and
 * the legacy `pending`, skipped) and a vertex's upper-case ones.
 */
export function TaskCounts({ tasks }: { tasks: Record<string, number> }) {
  const counts = new Map(Object.entries(tasks).map(([state, n]) => [state.toUpperCase(), n]));
  return (
    <span className="task-counts">
      {EXECUTION_STATES.filter((s) => (counts.get(s) ?? 0) > 0).map((s) => (
        <span key={s} className={`count state-${s.toLowerCase()}`} title={s}>{counts.get(s)}</span>
      ))}
    </span>
  );
}
