/** Derived views of an ArchivedExecutionGraph, shared by the Dispatcher and the REST layer. */
import type { ArchivedExecutionGraph, JobDetails } from './execution-graph-info.js';
import { EXECUTION_STATES, GLOBALLY_TERMINAL_JOB_STATUSES, type ExecutionState } from './states.js';

/** Counts of subtasks per ExecutionState, every state present. */
export function countTasksPerState(graph: ArchivedExecutionGraph): Record<ExecutionState, number> {
  const counts = Object.fromEntries(EXECUTION_STATES.map((s) => [s, 0])) as Record<ExecutionState, number>;
  for (const v of graph.vertices) for (const t of v.subtasks) counts[t.state]++;
  return counts;
}

/** The job's start time (submission, Flink's INITIALIZING timestamp). */
export function jobStartTime(graph: ArchivedExecutionGraph): number {
  return graph.stateTimestamps.INITIALIZING ?? graph.stateTimestamps.CREATED ?? -1;
}

/** The time the job reached a globally terminal state, or -1. */
export function jobEndTime(graph: ArchivedExecutionGraph): number {
  return GLOBALLY_TERMINAL_JOB_STATUSES.has(graph.state) ? (graph.stateTimestamps[graph.state] ?? -1) : -1;
}

/** The `/jobs/overview` row of a job. */
export function toJobDetails(graph: ArchivedExecutionGraph): JobDetails {
  const tasksPerState = countTasksPerState(graph);
  return {
    jobId: graph.jobId,
    jobName: graph.jobName,
    jobType: graph.jobType,
    state: graph.state,
    startTime: jobStartTime(graph),
    endTime: jobEndTime(graph),
    lastModification: graph.lastModification,
    tasksPerState,
    numTasks: graph.vertices.reduce((n, v) => n + v.subtasks.length, 0),
  };
}
