/**
 * One checkpoint's details (`/jobs/:id/checkpoints/details/:cid`): its path or failure, its type
 * (a savepoint or a checkpoint, named as Flink's UI names them), and its figures per vertex, in the job's vertex order; a click expands one vertex's subtasks.
 */
import type { CheckpointHistoryEntry, CheckpointStatistics, JobDetailsInfo } from '../../../../src/rest/api-types.js';
import { getJson } from '../../api.js';
import { ErrorMessage } from '../../error-message.js';
import { formatBytes, formatDuration, formatTime } from '../../format.js';
import { usePoll } from '../../use-poll.js';
import { CheckpointSubtasks } from './checkpoint-subtasks.js';
import { ExpandableTable } from './expandable-table.js';
import { acknowledged, inFlightData, orNa } from './figures.js';

/** Flink's UI names of the checkpoint types. */
const TYPE_NAMES: Record<CheckpointStatistics['checkpoint_type'], string> = {
  CHECKPOINT: 'aligned checkpoint', UNALIGNED_CHECKPOINT: 'unaligned checkpoint', SAVEPOINT: 'savepoint', SYNC_SAVEPOINT: 'savepoint on cancel',
};

const COLUMNS = [
  'Name', 'Acknowledged', 'Latest Acknowledgement', 'End to End Duration', 'Checkpointed Data Size',
  'Full Checkpoint Data Size', 'Processed (persisted) In-flight Data',
];

export function CheckpointDetail({ job, checkpoint }: { job: JobDetailsInfo; checkpoint: CheckpointHistoryEntry }) {
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
        <div><dt>Checkpoint Type</dt><dd>{TYPE_NAMES[checkpoint.checkpoint_type]}</dd></div>
        {checkpoint.failure_message && <div><dt>Failure Message</dt><dd>{checkpoint.failure_message}</dd></div>}
      </dl>
      {error && <ErrorMessage error={error} />}
      {data && (
        <ExpandableTable
          testId="checkpoint-vertices"
          columns={COLUMNS}
          rows={job.vertices.flatMap((v) => (data.tasks[v.id] ? [{ vertex: v, task: data.tasks[v.id]! }] : []))}
          keyOf={({ vertex }) => vertex.id}
          cells={({ vertex, task }) => (
            <>
              <td className="name" title={vertex.name}>{vertex.name}</td>
              <td>{acknowledged(task)}</td>
              <td>{orNa(task.latest_ack_timestamp, formatTime)}</td>
              <td>{orNa(task.end_to_end_duration, formatDuration)}</td>
              <td>{formatBytes(task.checkpointed_size)}</td>
              <td>{formatBytes(task.state_size)}</td>
              <td>{inFlightData(task.processed_data, task.persisted_data)}</td>
            </>
          )}
          details={({ vertex }) => <CheckpointSubtasks jobId={job.jid} checkpoint={checkpoint} vertexId={vertex.id} />}
        />
      )}
    </div>
  );
}
