/** A horizontal bar of consecutive state segments on a shared time axis (the Timeline tab's rows). */
import { TERMINAL_EXECUTION_STATES } from '../../../src/rest/api-types.js';
import { formatDuration, formatTime } from '../format.js';

export interface Segment {
  state: string;
  from: number;
  to: number;
}

/**
 * Segments from a map of state → first time in it (Flink's `timestamps`): each state lasts until
 * the next one starts, the last one until `end` unless it is terminal (a point in time). Zero
 * timestamps (never reached) are left out.
 */
export function segmentsOf(timestamps: Record<string, number>, end: number): Segment[] {
  const entered = Object.entries(timestamps).filter(([, t]) => t > 0).sort(([, a], [, b]) => a - b);
  const terminal = TERMINAL_EXECUTION_STATES as ReadonlySet<string>;
  return entered.map(([state, from], i) => ({
    state,
    from,
    to: entered[i + 1]?.[1] ?? (terminal.has(state) ? from : Math.max(from, end)),
  }));
}

export function TimeBar({ segments, range }: { segments: readonly Segment[]; range: readonly [number, number] }) {
  const span = Math.max(1, range[1] - range[0]);
  const pct = (t: number): number => ((t - range[0]) / span) * 100;
  return (
    <div className="time-bar">
      {segments.map((s) => (
        <div
          key={`${s.state}-${s.from}`}
          className={`segment state-${s.state.toLowerCase()}`}
          style={{ left: `${pct(s.from)}%`, width: `max(2px, ${pct(s.to) - pct(s.from)}%)` }}
          title={`${s.state}: ${formatTime(s.from)}, ${formatDuration(s.to - s.from)}`}
        />
      ))}
    </div>
  );
}
