/**
 * Made-up REST answers for the Web UI's scale checks (hundreds of jobs, parallelism 128) without
 * running them: typed with the REST layer's own answer types, so they stay the shape the UI reads.
 */
import type { IOMetricsInfo, JobDetails, JobDetailsInfo, JobVertexDetailsInfo, MultipleJobsDetails } from '../../src/rest/api-types.js';

const hex32 = (n: number): string => n.toString(16).padStart(32, '0');
const NO_IO: IOMetricsInfo = {
  'read-bytes': 0, 'read-bytes-complete': true, 'write-bytes': 0, 'write-bytes-complete': true,
  'read-records': 0, 'read-records-complete': true, 'write-records': 0, 'write-records-complete': true,
  'accumulated-backpressured-time': 0, 'accumulated-idle-time': 0, 'accumulated-busy-time': 0,
};

/** `/jobs/overview` with `count` finished jobs named `Synthetic job <i>`. */
export function manyJobs(count: number, now = Date.now()): MultipleJobsDetails {
  const jobs: JobDetails[] = Array.from({ length: count }, (_, i) => ({
    jid: hex32(i + 1), name: `Synthetic job ${i}`, jobType: 'STREAMING', state: 'FINISHED',
    'start-time': now - (i + 1) * 60_000, 'end-time': now - i * 60_000, duration: 60_000, 'last-modification': now - i * 60_000,
    tasks: { total: 4, finished: 4 }, 'pending-operators': 0, schedulerType: 'Default',
  }));
  return { jobs };
}

/** A running job of one source vertex at `parallelism`, and that vertex's details. */
export function wideJob(jobId: string, vertexId: string, parallelism: number, now = Date.now()): { job: JobDetailsInfo; vertex: JobVertexDetailsInfo } {
  const times = { 'start-time': now - 10_000, 'end-time': -1, duration: 10_000 };
  const job: JobDetailsInfo = {
    jid: jobId, 'application-id': jobId, name: 'Wide job', isStoppable: false, state: 'RUNNING', 'job-type': 'STREAMING',
    ...times, maxParallelism: 128, now, timestamps: { INITIALIZING: now - 10_000, CREATED: now - 10_000, RUNNING: now - 9_000 },
    vertices: [{
      id: vertexId, name: 'Source: Wide', maxParallelism: 128, parallelism, slotSharingGroupId: hex32(7), status: 'RUNNING',
      ...times, tasks: { RUNNING: parallelism }, metrics: NO_IO,
    }],
    'status-counts': { RUNNING: 1 },
    plan: { jid: jobId, name: 'Wide job', type: 'STREAMING', nodes: [{ id: vertexId, parallelism, operator: '', operator_strategy: '', description: 'Source: Wide', inputs: [], optimizer_properties: {} }] },
    'stream-graph': { pending_operators: 0, nodes: [] }, 'pending-operators': 0, schedulerType: 'Default', 'last-modification': now, tasks: { running: parallelism },
  };
  const vertex: JobVertexDetailsInfo = {
    id: vertexId, name: 'Source: Wide', maxParallelism: 128, parallelism, now,
    subtasks: Array.from({ length: parallelism }, (_, i) => ({
      subtask: i, status: 'RUNNING', attempt: 0, endpoint: `tm-${i % 8}:6121`, host: `tm-${i % 8}`, 'taskmanager-id': hex32(100 + (i % 8)),
      ...times, start_time: times['start-time'], metrics: NO_IO, 'status-duration': { RUNNING: 9_000 }, 'other-concurrent-attempts': [],
    })),
    aggregated: { metrics: {}, 'status-duration': {} },
  };
  return { job, vertex };
}
