/** One entry of `vertices` in `/jobs/:jobid` (Flink's JobDetailsInfo.JobVertexDetailsInfo). */
import { createHash } from 'node:crypto';
import type { JobId } from '../../common/ids.js';
import type { ArchivedExecution, ArchivedExecutionJobVertex } from '../../protocol/execution-graph-info.js';
import type { TaskIOMetrics } from '../../protocol/deployment.js';
import { TERMINAL_EXECUTION_STATES } from '../../protocol/states.js';
import type { IOMetricsInfo, JobVertexDetails } from './job-schemas.js';
import { countStates, upperCaseCounts } from './task-counts.js';
import { aggregateVertexState } from './vertex-state.js';

/**
 * Every vertex of a Sluice job is in the job's one slot sharing group (a slot runs a subtask of
 * each vertex); its id is derived from the job id, so it is stable across requests.
 */
export function slotSharingGroupId(jobId: JobId): string {
  return createHash('md5').update(`${jobId}/default`).digest('hex');
}

/** The JSON of one vertex, in slot sharing group `group`, at time `now`. */
export function vertexDetailsJson(vertex: ArchivedExecutionJobVertex, group: string, now: number): JobVertexDetails {
  const counts = countStates(vertex.subtasks.map((s) => s.state));
  return {
    id: vertex.id,
    name: vertex.name,
    maxParallelism: vertex.maxParallelism,
    parallelism: vertex.parallelism,
    slotSharingGroupId: group,
    status: aggregateVertexState(counts, vertex.parallelism),
    ...vertexTimes(vertex.subtasks, now),
    tasks: upperCaseCounts(counts),
    metrics: ioMetricsJson(vertex.subtasks.map((s) => s.metrics)),
  };
}

/** Starts when the first subtask was deployed; ends when the last one reached a terminal state. */
export function vertexTimes(subtasks: ArchivedExecution[], now: number): { 'start-time': number; 'end-time': number; duration: number } {
  const deployed = subtasks.map((s) => s.stateTimestamps.DEPLOYING ?? 0).filter((t) => t > 0);
  if (deployed.length === 0) return { 'start-time': -1, 'end-time': -1, duration: -1 };
  const start = deployed.reduce((a, b) => Math.min(a, b));
  if (!subtasks.every((s) => TERMINAL_EXECUTION_STATES.has(s.state))) return { 'start-time': start, 'end-time': -1, duration: now - start };
  const end = subtasks.reduce((max, s) => Math.max(max, s.stateTimestamps[s.state] ?? 0), 0);
  return { 'start-time': start, 'end-time': end, duration: end - start };
}

/**
 * Flink's IOMetricsInfo over the subtasks' current attempts: counters are summed, the
 * accumulated times are the maximum of any subtask (the Web UI shows them as "(max)"). Every
 * subtask reports its counters, so the values are always complete.
 */
export function ioMetricsJson(metrics: TaskIOMetrics[]): IOMetricsInfo {
  const sum = (pick: (m: TaskIOMetrics) => number): number => metrics.reduce((acc, m) => acc + pick(m), 0);
  const max = (pick: (m: TaskIOMetrics) => number): number => metrics.reduce((acc, m) => Math.max(acc, pick(m)), 0);
  return {
    'read-bytes': sum((m) => m.numBytesIn),
    'read-bytes-complete': true,
    'write-bytes': sum((m) => m.numBytesOut),
    'write-bytes-complete': true,
    'read-records': sum((m) => m.numRecordsIn),
    'read-records-complete': true,
    'write-records': sum((m) => m.numRecordsOut),
    'write-records-complete': true,
    'accumulated-backpressured-time': max((m) => m.accumulateBackPressuredTime),
    'accumulated-idle-time': max((m) => m.accumulateIdleTime),
    'accumulated-busy-time': max((m) => m.accumulateBusyTime),
  };
}
