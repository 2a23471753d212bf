/**
 * A table of Flink's statistics summaries (StatsSummaryDto): one row per statistic (minimum,
 * average, maximum, then the percentiles the answer gives), one column per figure.
 */
import type { StatsSummaryDto } from '../../../../src/rest/api-types.js';
import { formatBytes, formatDuration } from '../../format.js';
import { inFlightData, orNa } from './figures.js';

const STATS = [
  ['min', 'Minimum'], ['avg', 'Average'], ['max', 'Maximum'],
  ['p50', '50% percentile'], ['p90', '90% percentile'], ['p99', '99% percentile'], ['p999', '99.9% percentile'],
] as const;

/** A statistic of a summary. */
type Stat = (typeof STATS)[number][0];

/** One figure: its heading, and how it writes one statistic. */
export interface StatsColumn {
  label: string;
  cell: (stat: Stat) => string;
}

export const durationColumn = (label: string, summary: StatsSummaryDto): StatsColumn => ({ label, cell: (stat) => orNa(summary[stat], formatDuration) });

const bytesColumn = (label: string, summary: StatsSummaryDto): StatsColumn => ({ label, cell: (stat) => orNa(summary[stat], formatBytes) });

/** Processed in-flight data with the persisted part in brackets, as Flink's tables show them. */
export const inFlightColumn = (label: string, processed: StatsSummaryDto, persisted: StatsSummaryDto): StatsColumn => ({
  label, cell: (stat) => inFlightData(processed[stat], persisted[stat]),
});

/** The figures every checkpoint summary starts with: end-to-end duration, checkpointed and full size. */
export function checkpointColumns(summary: { end_to_end_duration: StatsSummaryDto; checkpointed_size: StatsSummaryDto; state_size: StatsSummaryDto }): StatsColumn[] {
  return [
    durationColumn('End to End Duration', summary.end_to_end_duration),
    bytesColumn('Checkpointed Data Size', summary.checkpointed_size),
    bytesColumn('Full Checkpoint Data Size', summary.state_size),
  ];
}

/** `sample` (one of the summaries) says which percentiles there are: Flink leaves them out or null without data. */
export function StatsTable({ testId, columns, sample }: { testId: string; columns: readonly StatsColumn[]; sample: StatsSummaryDto }) {
  const rows = STATS.filter(([stat]) => typeof sample[stat] === 'number');
  return (
    <table className="stats-table" data-testid={testId}>
      <thead><tr><th />{columns.map((c) => <th key={c.label}>{c.label}</th>)}</tr></thead>
      <tbody>
        {rows.map(([stat, label]) => (
          <tr key={stat}><th>{label}</th>{columns.map((c) => <td key={c.label}>{c.cell(stat)}</td>)}</tr>
        ))}
      </tbody>
    </table>
  );
}
