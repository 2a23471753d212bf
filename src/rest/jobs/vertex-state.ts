/** The single state shown for a job vertex, derived from its subtasks' states. */
import type { ExecutionState } from '../../protocol/states.js';
import type { StateCounts } from './task-counts.js';

/**
 * Flink's ExecutionJobVertex.getAggregateJobVertexState: any failure wins, then cancelling,
 * cancelled, initializing, running; all finished is finished, partly finished is still running;
 * everything else shows as created.
 */
export function aggregateVertexState(counts: StateCounts, parallelism: number): ExecutionState {
  for (const state of ['FAILED', 'CANCELING', 'CANCELED', 'INITIALIZING', 'RUNNING'] as const) {
    if (counts[state] > 0) return state;
  }
  if (counts.FINISHED > 0) return counts.FINISHED === parallelism ? 'FINISHED' : 'RUNNING';
  return 'CREATED';
}
