/** The Summary sub-tab: statistics over the completed checkpoints (`summary` of `/jobs/:id/checkpoints`). */
import type { CheckpointingStatisticsInfo } from '../../../../src/rest/api-types.js';
import { checkpointColumns, inFlightColumn, StatsTable } from './stats-table.js';

export function CheckpointSummary({ stats }: { stats: CheckpointingStatisticsInfo }) {
  // Before the first completed checkpoint Flink's summary is all zeros: nothing to show.
  if (stats.counts.completed === 0) return <div className="card"><p className="empty">No checkpoint has completed yet.</p></div>;
  const { summary } = stats;
  return (
    <div className="card">
      <StatsTable
        testId="checkpoint-summary"
        sample={summary.end_to_end_duration}
        columns={[
          ...checkpointColumns(summary),
          inFlightColumn('Processed (persisted) In-flight Data', summary.processed_data, summary.persisted_data),
        ]}
      />
    </div>
  );
}
