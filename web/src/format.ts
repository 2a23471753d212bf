/** How the dashboard writes sizes, times and ratios. */

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

/** A time in ms since the epoch, in the browser's locale. */
export function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleString();
}

/** A ratio (0 to 1) as a percentage. */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}
