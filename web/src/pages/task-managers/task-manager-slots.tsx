/** A TaskManager's slots and the tasks in them, with the jobs' names from `/jobs/overview`. */
import type { MultipleJobsDetails, TaskManagerDetailsInfo } from '../../../../src/rest/api-types.js';
import { getJson } from '../../api.js';
import { href } from '../../router.js';
import { usePoll } from '../../use-poll.js';

const ENDED = new Set(['FINISHED', 'FAILED', 'CANCELED']);

export function TaskManagerSlots({ details }: { details: TaskManagerDetailsInfo }) {
  const { data: jobs } = usePoll('jobs/overview', () => getJson<MultipleJobsDetails>('/jobs/overview'));
  const job = (jid: string) => jobs?.jobs.find((j) => j.jid === jid);
  return (
    <div className="panel">
      <h2>Slots ({details.slotsNumber - details.freeSlots} of {details.slotsNumber} in use, {details.assignedTasks} tasks)</h2>
      <table className="table" data-testid="task-manager-slots">
        <thead><tr><th>Slot</th><th>Job</th><th>Job ID</th><th>State</th><th>Tasks</th></tr></thead>
        <tbody>
          {details.allocatedSlots.map((slot, i) => {
            const j = job(slot.jobId);
            return (
              <tr key={`${slot.jobId}-${i}`}>
                <td>{i + 1}</td>
                <td>{j ? <a href={href('job', ENDED.has(j.state) ? 'completed' : 'running', j.jid, 'overview')}>{j.name}</a> : '–'}</td>
                <td><code>{slot.jobId}</code></td>
                <td>{j?.state ?? '–'}</td>
                <td>{slot.assignedTasks}</td>
              </tr>
            );
          })}
          {details.freeSlots > 0 && (
            <tr className="muted"><td colSpan={5}>{details.freeSlots} free slot{details.freeSlots === 1 ? '' : 's'}</td></tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
