/**
 * `GET /jobs/:jobid/vertices/:vertexid` (Flink's JobVertexDetailsInfo): the vertex with one row per
 * subtask (its current attempt: state, TaskManager, times, time spent per state, I/O metrics) and
 * the metrics and state durations aggregated over the subtasks.
 */
import type { ArchivedExecution, ArchivedExecutionJobVertex } from '../../protocol/execution-graph-info.js';
import { TERMINAL_EXECUTION_STATES, type ExecutionState } from '../../protocol/states.js';
import { countStates, upperCaseCounts } from './task-counts.js';
import { ioMetricsJson, vertexTimes } from './vertex-details.js';
import { taskLocation, UNASSIGNED } from './task-location.js';
import { aggregateVertexState } from './vertex-state.js';
import type { Aggregate, AggregatedTaskDetailsInfo, JobVertexDetailsInfo, JobVertexTaskManagersInfo, SubtaskExecutionAttemptDetailsInfo, SubtasksTimesInfo } from './vertex-schemas.js';

/** Time spent in each state the attempt has been in, up to `now` for the current one (ms). */
function statusDurations(s: ArchivedExecution, now: number): Record<string, number> {
  const entered = (Object.entries(s.stateTimestamps) as [ExecutionState, number][]).filter(([, t]) => t > 0).sort((a, b) => a[1] - b[1]);
  const out: Record<string, number> = {};
  entered.forEach(([state, t], i) => {
    const until = entered[i + 1]?.[1] ?? (TERMINAL_EXECUTION_STATES.has(state) ? t : now);
    out[state] = Math.max(0, until - t);
  });
  return out;
}

/** Flink's SubtaskExecutionAttemptDetailsInfo of a subtask's current attempt. */
export function subtaskJson(s: ArchivedExecution, now: number): SubtaskExecutionAttemptDetailsInfo {
  const times = vertexTimes([s], now);
  return {
    subtask: s.subtaskIndex,
    status: s.state,
    attempt: s.attemptNumber,
    ...taskLocation(s),
    'taskmanager-id': s.taskManagerId ?? UNASSIGNED,
    ...times,
    start_time: times['start-time'],
    metrics: ioMetricsJson([s.metrics]),
    'status-duration': statusDurations(s, now),
    'other-concurrent-attempts': [],
  };
}

/** min, max, avg, sum and percentiles of `values`, as Flink's aggregated metrics. */
function aggregate(values: number[]): Aggregate {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return { min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0, avg: sorted.length > 0 ? Math.round(sum / sorted.length) : 0, sum, median: at(0.5), p25: at(0.25), p75: at(0.75), p95: at(0.95) };
}

/** Per key, the aggregate of that key's numbers over the rows. */
function aggregateRows(rows: Record<string, number | boolean>[]): Record<string, Aggregate> {
  const keys = new Set(rows.flatMap((r) => Object.keys(r).filter((k) => typeof r[k] === 'number')));
  return Object.fromEntries([...keys].map((k) => [k, aggregate(rows.map((r) => (typeof r[k] === 'number' ? (r[k] as number) : 0)))]));
}

/** Flink's AggregatedTaskDetailsInfo over subtask rows. */
function aggregated(subtasks: SubtaskExecutionAttemptDetailsInfo[]): AggregatedTaskDetailsInfo {
  return {
    metrics: aggregateRows(subtasks.map((s) => s.metrics)),
    'status-duration': aggregateRows(subtasks.map((s) => s['status-duration'])),
  };
}

export function jobVertexDetailsJson(vertex: ArchivedExecutionJobVertex, now: number): JobVertexDetailsInfo {
  const subtasks = vertex.subtasks.map((s) => subtaskJson(s, now));
  return {
    id: vertex.id,
    name: vertex.name,
    maxParallelism: vertex.maxParallelism,
    parallelism: vertex.parallelism,
    now,
    subtasks,
    aggregated: aggregated(subtasks),
  };
}

/** `.../taskmanagers` (Flink's JobVertexTaskManagersInfo): the vertex's subtasks grouped by TaskManager. */
export function vertexTaskManagersJson(vertex: ArchivedExecutionJobVertex, now: number): JobVertexTaskManagersInfo {
  const groups = new Map<string, ArchivedExecution[]>();
  for (const s of vertex.subtasks) {
    const key = s.taskManagerId ?? UNASSIGNED;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(s);
  }
  return {
    id: vertex.id,
    name: vertex.name,
    now,
    taskmanagers: [...groups].map(([taskManagerId, subtasks]) => {
      const counts = countStates(subtasks.map((s) => s.state));
      const { endpoint } = taskLocation(subtasks[0]!);
      return {
        'taskmanager-id': taskManagerId,
        endpoint,
        host: endpoint,
        status: aggregateVertexState(counts, subtasks.length),
        ...vertexTimes(subtasks, now),
        metrics: ioMetricsJson(subtasks.map((s) => s.metrics)),
        'status-counts': upperCaseCounts(counts),
        aggregated: aggregated(subtasks.map((s) => subtaskJson(s, now))),
      };
    }),
  };
}

/** `.../subtasktimes` (Flink's SubtasksTimesInfo): when each subtask entered each state. */
export function subtaskTimesJson(vertex: ArchivedExecutionJobVertex, now: number): SubtasksTimesInfo {
  return {
    id: vertex.id,
    name: vertex.name,
    now,
    subtasks: vertex.subtasks.map((s) => ({
      subtask: s.subtaskIndex,
      ...taskLocation(s),
      duration: vertexTimes([s], now).duration,
      timestamps: { ...s.stateTimestamps },
    })),
  };
}
