/**
 * `/jobs/:jobid`: Flink's JobDetailsInfo (1.x and 2.x fields), plus the article's
 * `last-modification` and `tasks` summary, and Sluice's `waiting-for-slots` while the job waits.
 */
import type { ArchivedExecutionGraph } from '../../protocol/execution-graph-info.js';
import { JOB_STATUSES, type JobStatus } from '../../protocol/states.js';
import type { JobDetailsInfo } from './job-schemas.js';
import { jobTimes } from './job-times.js';
import { countStates, taskSummary, upperCaseCounts } from './task-counts.js';
import { slotSharingGroupId, vertexDetailsJson } from './vertex-details.js';
import { waitingForSlotsJson } from './waiting-for-slots.js';

/** The JSON of a job snapshot at time `now`. */
export function jobDetailsJson(graph: ArchivedExecutionGraph, now: number): JobDetailsInfo {
  const ts = graph.stateTimestamps;
  const group = slotSharingGroupId(graph.jobId);
  const vertices = graph.vertices.map((v) => vertexDetailsJson(v, group, now));
  const subtasks = graph.vertices.flatMap((v) => v.subtasks);
  return {
    jid: graph.jobId,
    // Sluice has no applications (Flink 2.x's FLIP-549): a job is its own application.
    'application-id': graph.jobId,
    name: graph.jobName,
    isStoppable: false,
    state: graph.state,
    'job-type': graph.jobType,
    ...jobTimes(graph.state, ts.INITIALIZING ?? 0, ts[graph.state] ?? 0, now),
    maxParallelism: graph.maxParallelism,
    now,
    // Every status, 0 for those never entered, as Flink's getStatusTimestamp does.
    timestamps: Object.fromEntries(JOB_STATUSES.map((s) => [s, ts[s] ?? 0])) as Record<JobStatus, number>,
    vertices,
    // Flink counts vertices (by aggregate state) here, not subtasks.
    'status-counts': upperCaseCounts(countStates(vertices.map((v) => v.status))),
    plan: graph.plan,
    'stream-graph': graph.streamGraph,
    'pending-operators': 0,
    schedulerType: 'Default',
    'last-modification': graph.lastModification,
    tasks: taskSummary(countStates(subtasks.map((s) => s.state)), subtasks.length),
    ...(graph.pendingSlotRequest && { 'waiting-for-slots': waitingForSlotsJson(graph.pendingSlotRequest) }),
  };
}
