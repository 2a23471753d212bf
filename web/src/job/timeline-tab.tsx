/**
 * The job's Timeline tab: the job's states over time, one bar per vertex, and the selected
 * vertex's subtasks (deploy, initialize, run, finish) from `.../subtasktimes`, fetched for that
 * vertex only.
 */
import { useState } from 'react';
import type { JobDetailsInfo, SubtasksTimesInfo } from '../../../src/rest/api-types.js';
import { getJson } from '../api.js';
import { ErrorMessage } from '../error-message.js';
import { formatTime } from '../format.js';
import { StateBadge } from '../state-badge.js';
import { usePoll } from '../use-poll.js';
import { segmentsOf, TimeBar } from './time-bar.js';

export function TimelineTab({ job }: { job: JobDetailsInfo }) {
  const [selected, setSelected] = useState(job.vertices[0]?.id);
  const end = job['end-time'] > 0 ? job['end-time'] : job.now;
  const range = [job['start-time'], end] as const;
  const jobSegments = segmentsOf(job.timestamps, end);
  return (
    <>
      <div className="card" data-testid="job-timeline">
        <h2>Job</h2>
        <TimeBar segments={jobSegments} range={range} />
        <ul className="state-times">
          {jobSegments.map((s) => <li key={s.state}><StateBadge state={s.state} /> {formatTime(s.from)}</li>)}
        </ul>
      </div>
      <div className="card">
        <h2>Vertices</h2>
        <div className="timeline-rows">
          {job.vertices.map((v) => (
            <button key={v.id} type="button" className={`timeline-row${v.id === selected ? ' selected' : ''}`} onClick={() => setSelected(v.id)}>
              <span className="label" title={v.name}>{v.name}</span>
              <TimeBar segments={[{ state: v.status, from: v['start-time'], to: v['end-time'] > 0 ? v['end-time'] : end }]} range={range} />
            </button>
          ))}
        </div>
      </div>
      {selected && <SubtaskTimeline jobId={job.jid} vertexId={selected} range={range} />}
    </>
  );
}

function SubtaskTimeline({ jobId, vertexId, range }: { jobId: string; vertexId: string; range: readonly [number, number] }) {
  const { data, error } = usePoll(`subtasktimes:${jobId}:${vertexId}`, () => getJson<SubtasksTimesInfo>(`/jobs/${jobId}/vertices/${vertexId}/subtasktimes`));
  if (error) return <ErrorMessage error={error} />;
  if (!data) return null;
  return (
    <div className="card" data-testid="subtask-timeline">
      <h2>Subtasks of {data.name}</h2>
      <div className="timeline-rows">
        {data.subtasks.map((s) => (
          <div key={s.subtask} className="timeline-row">
            <span className="label">#{s.subtask} {s.endpoint}</span>
            <TimeBar segments={segmentsOf(s.timestamps, range[1])} range={range} />
          </div>
        ))}
      </div>
    </div>
  );
}
