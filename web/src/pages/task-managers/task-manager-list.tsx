/** `#/task-manager`: every registered TaskManager, refreshed live; a row opens its page. */
import type { TaskManagerInfo } from '../../../../src/rest/api-types.js';
import { getJson } from '../../api.js';
import { ErrorMessage } from '../../error-message.js';
import { formatBytes, formatTime } from '../../format.js';
import { href } from '../../router.js';
import { usePoll } from '../../use-poll.js';

export function TaskManagerListPage() {
  const { data, error } = usePoll('taskmanagers', () => getJson<{ taskmanagers: TaskManagerInfo[] }>('/taskmanagers'));
  return (
    <section>
      <h1>Task Managers</h1>
      {error && <ErrorMessage error={error} />}
      {data && (
        <table className="table clickable" data-testid="task-manager-list">
          <thead>
            <tr>
              <th>Path, ID</th><th>Data Port</th><th>Last Heartbeat</th><th>All Slots</th><th>Free Slots</th>
              <th>Assigned Tasks</th><th>CPU Cores</th><th>Physical Memory</th><th>Managed Memory</th>
            </tr>
          </thead>
          <tbody>
            {data.taskmanagers.map((tm) => {
              const page = href('task-manager', tm.id, 'metrics');
              return (
                <tr key={tm.id} onClick={() => (window.location.hash = page)}>
                  <td><a href={page}>{tm.id}</a><div className="muted">{tm.path}</div></td>
                  <td>{tm.dataPort}</td>
                  <td>{formatTime(tm.timeSinceLastHeartbeat)}</td>
                  <td>{tm.slotsNumber}</td>
                  <td>{tm.freeSlots}</td>
                  <td>{tm.assignedTasks}</td>
                  <td>{tm.hardware.cpuCores}</td>
                  <td>{formatBytes(tm.hardware.physicalMemory)}</td>
                  <td>{formatBytes(tm.hardware.managedMemory)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {data?.taskmanagers.length === 0 && <p className="muted">No TaskManager is registered.</p>}
    </section>
  );
}
