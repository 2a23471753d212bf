/**
 * One vertex's subtasks in one checkpoint (`.../checkpoints/details/:cid/subtasks/:vid`): the
 * statistics over them, then each subtask (windowed, so parallelism 128 stays light).
 */
import type { CheckpointHistoryEntry, TaskCheckpointStatisticsWithSubtaskDetails } from '../../../../src/rest/api-types.js';
import { getJson } from '../../api.js';
import { ErrorMessage } from '../../error-message.js';
import { formatBytes, formatDuration, formatTime } from '../../format.js';
import { usePoll } from '../../use-poll.js';
import { WindowedTable } from '../../windowed-table.js';
import { inFlightData } from './figures.js';
import { checkpointColumns, durationColumn, inFlightColumn, StatsTable } from './stats-table.js';

const COLUMNS = [
  'Subtask', 'Acknowledged', 'End to End Duration', 'Checkpointed Data Size', 'Full Checkpoint Data Size', 'Sync Duration',
  'Async Duration', 'Processed (persisted) Data', 'Alignment Duration', 'Start Delay', 'Unaligned Checkpoint',
];

interface CheckpointSubtasksProps {
  jobId: string;
  checkpoint: CheckpointHistoryEntry;
  vertexId: string;
}

export function CheckpointSubtasks({ jobId, checkpoint, vertexId }: CheckpointSubtasksProps) {
  const { data, error } = usePoll(
    `checkpoint-subtasks:${jobId}:${checkpoint.id}:${vertexId}`,
    () => getJson<TaskCheckpointStatisticsWithSubtaskDetails>(`/jobs/${jobId}/checkpoints/details/${checkpoint.id}/subtasks/${vertexId}`),
    checkpoint.status === 'IN_PROGRESS',
  );
  if (error) return <ErrorMessage error={error} />;
  if (!data) return null;
  const { summary } = data;
  return (
    <>
      <StatsTable
        testId="checkpoint-subtask-summary"
        sample={summary.end_to_end_duration}
        columns={[
          ...checkpointColumns(summary),
          durationColumn('Sync Duration', summary.checkpoint_duration.sync),
          durationColumn('Async Duration', summary.checkpoint_duration.async),
          inFlightColumn('Processed (persisted) Data', summary.alignment.processed, summary.alignment.persisted),
          durationColumn('Alignment Duration', summary.alignment.duration),
          durationColumn('Start Delay', summary.start_delay),
        ]}
      />
      <WindowedTable
        testId="checkpoint-subtasks"
        rows={data.subtasks}
        visibleRows={10}
        header={<tr>{COLUMNS.map((c) => <th key={c}>{c}</th>)}</tr>}
        renderRow={(s) => (
          <tr key={s.index}>
            <td>{s.index}</td>
            {s.status === 'completed' ? (
              <>
                <td>{formatTime(s.ack_timestamp)}</td>
                <td>{formatDuration(s.end_to_end_duration)}</td>
                <td>{formatBytes(s.checkpointed_size)}</td>
                <td>{formatBytes(s.state_size)}</td>
                <td>{formatDuration(s.checkpoint.sync)}</td>
                <td>{formatDuration(s.checkpoint.async)}</td>
                <td>{inFlightData(s.alignment.processed, s.alignment.persisted)}</td>
                <td>{formatDuration(s.alignment.duration)}</td>
                <td>{formatDuration(s.start_delay)}</td>
                <td>{s.unaligned_checkpoint ? 'true' : 'false'}</td>
              </>
            ) : <td colSpan={COLUMNS.length - 1}>n/a</td>}
          </tr>
        )}
      />
    </>
  );
}
