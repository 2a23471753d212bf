/**
 * The History sub-tab: the recent checkpoints, most recent first (as the API orders them); a
 * click expands one checkpoint's details, fetched for that checkpoint only.
 */
import type { CheckpointHistoryEntry, JobDetailsInfo } from '../../../../src/rest/api-types.js';
import { formatBytes, formatDuration, formatTime } from '../../format.js';
import { StateBadge } from '../../state-badge.js';
import { CheckpointDetail } from './checkpoint-detail.js';
import { ExpandableTable } from './expandable-table.js';
import { acknowledged, inFlightData, orNa } from './figures.js';

const COLUMNS = [
  'ID', 'Status', 'Acknowledged', 'Trigger Time', 'Latest Acknowledgement', 'End to End Duration',
  'Checkpointed Data Size', 'Full Checkpoint Data Size', 'Processed (persisted) In-flight Data',
];

export function CheckpointHistory({ job, history }: { job: JobDetailsInfo; history: readonly CheckpointHistoryEntry[] }) {
  if (history.length === 0) return <div className="card"><p className="empty">No checkpoint has been triggered yet.</p></div>;
  return (
    <div className="card">
      <ExpandableTable
        testId="checkpoint-history"
        columns={COLUMNS}
        rows={history}
        keyOf={(c) => c.id}
        cells={(c) => (
          <>
            <td>{c.id}</td>
            <td><StateBadge state={c.status} />{c.is_savepoint && <em> [Savepoint]</em>}</td>
            <td>{acknowledged(c)}</td>
            <td>{formatTime(c.trigger_timestamp)}</td>
            <td>{orNa(c.latest_ack_timestamp, formatTime)}</td>
            <td>{orNa(c.end_to_end_duration, formatDuration)}</td>
            <td>{formatBytes(c.checkpointed_size)}</td>
            <td>{formatBytes(c.state_size)}</td>
            <td>{inFlightData(c.processed_data, c.persisted_data)}</td>
          </>
        )}
        details={(c) => <CheckpointDetail job={job} checkpoint={c} />}
      />
    </div>
  );
}
