/** How the dashboard writes times, durations, counts, sizes and ratios (Flink's formats). */

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2026-11-24 13:10:20` in the browser's time zone; `-` for Flink's "not yet" (-1 or 0). */
export function formatTime(ms: number): string {
  if (ms <= 0) return '-';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** `1d 2h 3m 4s`, down to `123ms` for short ones, as Flink's humanizeDuration pipe. */
export function formatDuration(ms: number): string {
  if (ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const parts: string[] = [];
  let s = Math.floor(ms / 1000);
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) {
    if (s >= size || parts.length > 0) parts.push(`${Math.floor(s / size)}${unit}`);
    s %= size;
  }
  parts.push(`${s}s`);
  return parts.join(' ');
}

const integer = new Intl.NumberFormat('en');
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** A count with thousands separators. */
export const formatCount = (n: number): string => integer.format(n);

/** A rate or a percentage, one decimal at most. */
export const formatDecimal = (n: number): string => decimal.format(n);

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** Bytes in binary units, e.g. `1.5 MiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // Number() drops trailing zeros: `64 KiB`, not `64.0 KiB`.
  return `${unit === 0 ? value : Number(value.toFixed(value < 10 ? 2 : 1))} ${UNITS[unit]}`;
}

/** A ratio (0 to 1) as a percentage. */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}
