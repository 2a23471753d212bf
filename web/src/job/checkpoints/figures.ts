/** How the checkpoint pages write their figures (Flink's dashboard formats, on top of format.ts). */
import { formatBytes, formatPercent } from '../../format.js';

/** `format(value)`, or `n/a` for what Flink reports as not known: negative (not yet), missing or not a number. */
export function orNa(value: number | null | undefined, format: (n: number) => string): string {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? format(value) : 'n/a';
}

/** In-flight data processed during alignment, and in brackets the part persisted (unaligned checkpoints). */
export function inFlightData(processed: number | null | undefined, persisted: number | null | undefined): string {
  return `${orNa(processed, formatBytes)} (${orNa(persisted, formatBytes)})`;
}

/** `3/4 (75.0 %)`: the subtasks that acknowledged of all; the share only while some are missing. */
export function acknowledged(figures: { num_acknowledged_subtasks: number; num_subtasks: number }): string {
  const { num_acknowledged_subtasks: acked, num_subtasks: all } = figures;
  return acked < all && all > 0 ? `${acked}/${all} (${formatPercent(acked / all)})` : `${acked}/${all}`;
}
