/**
 * One checkpoint's details (`/jobs/:id/checkpoints/details/:cid`): its path or failure, and its
 * figures per vertex, in the job's vertex order; a click expands one vertex's subtasks.
 */
import { Fragment, useState } from 'react';
import type { CheckpointHistoryEntry, CheckpointStatistics, JobDetailsInfo } from '../../../../src/rest/api-types.js';
import { getJson } from '../../api.js';
import { ErrorMessage } from '../../error-message.js';
import { formatBytes, formatDuration, formatTime } from '../../format.js';
import { usePoll } from '../../use-poll.js';
import { CheckpointSubtasks } from './checkpoint-subtasks.js';
import { acknowledged, inFlightData, orNa } from './figures.js';

const COLUMNS = [
  'Name', 'Acknowledged', 'Latest Acknowledgement', 'End to End Duration', 'Checkpointed Data Size',
  'Full Checkpoint Data Size', 'Processed (persisted) In-flight Data',
];

export function CheckpointDetail({ job, checkpoint }: { job: JobDetailsInfo; checkpoint: CheckpointHistoryEntry }) {
  const [expanded, setExpanded] = useState<string>();
  // Only a checkpoint in progress still changes.
  const { data, error } = usePoll(
    `checkpoint:${job.jid}:${checkpoint.id}`,
    () => getJson<CheckpointStatistics>(`/jobs/${job.jid}/checkpoints/details/${checkpoint.id}`),
    checkpoint.status === 'IN_PROGRESS',
  );
  return (
    <div data-testid="checkpoint-detail">
      <dl className="summary">
        <div><dt>Path</dt><dd>{checkpoint.external_path ? <code>{checkpoint.external_path}</code> : '-'}</dd></div>
        <div><dt>Discarded</dt><dd>{checkpoint.discarded ? 'true' : '-'}</dd></div>
        {checkpoint.failure_message && <div><dt>Failure Message</dt><dd>{checkpoint.failure_message}</dd></div>}
      </dl>
      {error && <ErrorMessage error={error} />}
      {data && (
        <table data-testid="checkpoint-vertices">
          <thead><tr>{COLUMNS.map((c) => <th key={c}>{c}</th>)}</tr></thead>
          <tbody>
            {job.vertices.filter((v) => data.tasks[v.id]).map((v) => {
              const task = data.tasks[v.id]!;
              return (
                <Fragment key={v.id}>
                  <tr className={`clickable${v.id === expanded ? ' expanded' : ''}`} onClick={() => setExpanded((e) => (e === v.id ? undefined : v.id))} aria-expanded={v.id === expanded}>
                    <td className="name" title={v.name}><span className="toggle">{v.id === expanded ? '▾' : '▸'}</span>{v.name}</td>
                    <td>{acknowledged(task)}</td>
                    <td>{orNa(task.latest_ack_timestamp, formatTime)}</td>
                    <td>{orNa(task.end_to_end_duration, formatDuration)}</td>
                    <td>{formatBytes(task.checkpointed_size)}</td>
                    <td>{formatBytes(task.state_size)}</td>
                    <td>{inFlightData(task.processed_data, task.persisted_data)}</td>
                  </tr>
                  {v.id === expanded && (
                    <tr className="subtasks-row"><td colSpan={COLUMNS.length}><CheckpointSubtasks jobId={job.jid} checkpoint={checkpoint} vertexId={v.id} /></td></tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
