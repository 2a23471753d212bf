/**
 * `GET /jobs/:jobid/vertices/:vertexid/backpressure`, as Flink 1.13+ computes it: from each
 * subtask's backPressuredTimeMsPerSecond, idleTimeMsPerSecond and busyTimeMsPerSecond (here the
 * rates the JobMaster derives from the tasks' reports), not by sampling stacks.
 */
import type { Static } from '@sinclair/typebox';
import type { ArchivedExecutionJobVertex } from '../../protocol/execution-graph-info.js';
import type { BackPressureLevelSchema, JobVertexBackPressureSchema } from './backpressure-schemas.js';

type BackPressureLevel = Static<typeof BackPressureLevelSchema>;

/** Flink's JobVertexBackPressureHandler.getBackPressureLevel. */
function backPressureLevel(ratio: number): BackPressureLevel {
  if (ratio <= 0.1) return 'ok';
  return ratio <= 0.5 ? 'low' : 'high';
}

/** The level under both of the names Flink writes it. */
function levelFields(ratio: number): { 'backpressure-level': BackPressureLevel; backpressureLevel: BackPressureLevel } {
  const level = backPressureLevel(ratio);
  return { 'backpressure-level': level, backpressureLevel: level };
}

/**
 * The vertex's back pressure over the subtasks that have rates (running, reported twice). With
 * none, Flink's answer for a vertex without metrics: `{"status": "deprecated"}`.
 */
export function vertexBackPressureJson(vertex: ArchivedExecutionJobVertex): Static<typeof JobVertexBackPressureSchema> {
  const measured = vertex.subtasks.flatMap((s) => (s.rates ? [{ s, rates: s.rates }] : []));
  if (measured.length === 0) return { status: 'deprecated' };
  const subtasks = measured.map(({ s, rates }) => {
    const ratio = rates.backPressuredTimeMsPerSecond / 1000;
    return {
      subtask: s.subtaskIndex,
      'attempt-number': s.attemptNumber,
      ...levelFields(ratio),
      ratio,
      idleRatio: rates.idleTimeMsPerSecond / 1000,
      busyRatio: rates.busyTimeMsPerSecond / 1000,
      'other-concurrent-attempts': [],
    };
  });
  return {
    status: 'ok',
    ...levelFields(Math.max(...subtasks.map((s) => s.ratio))),
    'end-timestamp': Math.max(...measured.map(({ rates }) => rates.measuredAt)),
    subtasks,
  };
}
