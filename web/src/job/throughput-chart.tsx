/** Records/s in and out of one vertex over the last minutes, as a plain SVG line chart. */
import { formatDecimal, formatDuration } from '../format.js';
import { HISTORY_MS, type RatesSample } from './use-throughput-history.js';

const WIDTH = 320;
const HEIGHT = 90;
const PAD = { left: 4, right: 4, top: 16, bottom: 4 };
/** The shortest time axis, so the first samples are not squeezed against the right edge. */
const MIN_SPAN_MS = 30_000;

export function ThroughputChart({ name, vertexId, samples }: { name: string; vertexId: string; samples: readonly RatesSample[] }) {
  const points = samples.flatMap((s) => {
    const r = s.rates.get(vertexId);
    return r ? [{ time: s.time, in: r.recordsInPerSecond, out: r.recordsOutPerSecond }] : [];
  });
  const now = points.at(-1)?.time ?? Date.now();
  // The axis grows with the samples taken, up to the history kept.
  const span = Math.min(HISTORY_MS, Math.max(MIN_SPAN_MS, now - (points[0]?.time ?? now)));
  const max = Math.max(1, ...points.map((p) => Math.max(p.in, p.out)));
  const x = (time: number): number => PAD.left + ((time - (now - span)) / span) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number): number => HEIGHT - PAD.bottom - (v / max) * (HEIGHT - PAD.top - PAD.bottom);
  const line = (pick: (p: (typeof points)[number]) => number): string => points.map((p) => `${x(p.time)},${y(pick(p))}`).join(' ');
  const last = points.at(-1);
  return (
    <figure className="throughput" data-testid="throughput-chart">
      <figcaption title={name}>{name}</figcaption>
      <svg width={WIDTH} height={HEIGHT} role="img" aria-label={`Records per second of ${name}`}>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} className="axis" />
        <text x={PAD.left} y={11} className="axis-label">{formatDecimal(max)} records/s</text>
        <polyline points={line((p) => p.in)} className="series-in" />
        <polyline points={line((p) => p.out)} className="series-out" />
      </svg>
      <div className="legend">
        <span className="series-in">in {last ? formatDecimal(last.in) : '-'}/s</span>
        <span className="series-out">out {last ? formatDecimal(last.out) : '-'}/s</span>
        <span className="muted">last {formatDuration(span)}</span>
      </div>
    </figure>
  );
}
