/**
 * The History sub-tab: the recent checkpoints, most recent first (as the API orders them); a
 * click expands one checkpoint's details, fetched for that checkpoint only.
 */
import { Fragment, useState } from 'react';
import type { CheckpointHistoryEntry, JobDetailsInfo } from '../../../../src/rest/api-types.js';
import { formatBytes, formatDuration, formatTime } from '../../format.js';
import { StateBadge } from '../../state-badge.js';
import { CheckpointDetail } from './checkpoint-detail.js';
import { acknowledged, inFlightData, orNa } from './figures.js';

const COLUMNS = [
  'ID', 'Status', 'Acknowledged', 'Trigger Time', 'Latest Acknowledgement', 'End to End Duration',
  'Checkpointed Data Size', 'Full Checkpoint Data Size', 'Processed (persisted) In-flight Data',
];

export function CheckpointHistory({ job, history }: { job: JobDetailsInfo; history: readonly CheckpointHistoryEntry[] }) {
  const [expanded, setExpanded] = useState<number>();
  if (history.length === 0) return <div className="card"><p className="empty">No checkpoint has been triggered yet.</p></div>;
  return (
    <div className="card">
      <table data-testid="checkpoint-history">
        <thead><tr>{COLUMNS.map((c) => <th key={c}>{c}</th>)}</tr></thead>
        <tbody>
          {history.map((c) => (
            <Fragment key={c.id}>
              <tr className={`clickable${c.id === expanded ? ' expanded' : ''}`} onClick={() => setExpanded((e) => (e === c.id ? undefined : c.id))} aria-expanded={c.id === expanded}>
                <td><span className="toggle">{c.id === expanded ? '▾' : '▸'}</span>{c.id}</td>
                <td><StateBadge state={c.status} />{c.is_savepoint && <em> [Savepoint]</em>}</td>
                <td>{acknowledged(c)}</td>
                <td>{formatTime(c.trigger_timestamp)}</td>
                <td>{orNa(c.latest_ack_timestamp, formatTime)}</td>
                <td>{orNa(c.end_to_end_duration, formatDuration)}</td>
                <td>{formatBytes(c.checkpointed_size)}</td>
                <td>{formatBytes(c.state_size)}</td>
                <td>{inFlightData(c.processed_data, c.persisted_data)}</td>
              </tr>
              {c.id === expanded && (
                <tr className="subtasks-row"><td colSpan={COLUMNS.length}><CheckpointDetail job={job} checkpoint={c} /></td></tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
