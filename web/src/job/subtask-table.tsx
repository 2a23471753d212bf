/** The subtasks of one vertex (`/jobs/:id/vertices/:vid`), windowed so parallelism 128 stays light. */
import type { JobVertexDetailsInfo } from '../../../src/rest/api-types.js';
import { getJson } from '../api.js';
import { ErrorMessage } from '../error-message.js';
import { StateBadge } from '../state-badge.js';
import { usePoll } from '../use-poll.js';
import { WindowedTable } from '../windowed-table.js';
import { IO_COLUMNS, IoCells } from './io-cells.js';

const COLUMNS = ['Subtask', 'Status', 'Attempt', 'TaskManager', ...IO_COLUMNS];

export function SubtaskTable({ jobId, vertexId }: { jobId: string; vertexId: string }) {
  const { data, error } = usePoll(`subtasks:${jobId}:${vertexId}`, () => getJson<JobVertexDetailsInfo>(`/jobs/${jobId}/vertices/${vertexId}`));
  return (
    <>
      {error && <ErrorMessage error={error} />}
      {data && (
        <WindowedTable
          testId="subtask-table"
          rows={data.subtasks}
          visibleRows={10}
          header={<tr>{COLUMNS.map((c) => <th key={c}>{c}</th>)}</tr>}
          renderRow={(s) => (
            <tr key={s.subtask}>
              <td>{s.subtask}</td>
              <td><StateBadge state={s.status} /></td>
              <td>{s.attempt}</td>
              <td title={s['taskmanager-id']}>{s.endpoint}</td>
              <IoCells metrics={s.metrics} startTime={s['start-time']} duration={s.duration} />
            </tr>
          )}
        />
      )}
    </>
  );
}
