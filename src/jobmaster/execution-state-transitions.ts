/**
 * Flink's ExecutionState transitions as one table (the diagram of ExecutionState.java, with the
 * races Execution.java resolves). The JobMaster decides a subtask attempt's state; what the
 * TaskExecutor reports is a request that this table may refuse.
 */
import type { ExecutionState } from '../protocol/states.js';

/** Allowed transitions: from -> to. Terminal states (FINISHED, CANCELED, FAILED) have none. */
const TRANSITIONS: Readonly<Record<ExecutionState, readonly ExecutionState[]>> = {
  CREATED: ['SCHEDULED', 'CANCELED', 'FAILED', 'RECONCILING'],
  SCHEDULED: ['DEPLOYING', 'CANCELED', 'FAILED'],
  // A fast task may finish before its INITIALIZING or RUNNING report arrives.
  DEPLOYING: ['INITIALIZING', 'FINISHED', 'CANCELING', 'CANCELED', 'FAILED'],
  INITIALIZING: ['RUNNING', 'FINISHED', 'CANCELING', 'CANCELED', 'FAILED'],
  RUNNING: ['FINISHED', 'CANCELING', 'CANCELED', 'FAILED'],
  // Once cancelling, the only way on is CANCELED: a late RUNNING report changes nothing.
  CANCELING: ['CANCELED'],
  RECONCILING: ['RUNNING', 'FINISHED', 'CANCELED', 'FAILED'],
  FINISHED: [],
  CANCELED: [],
  FAILED: [],
};

/**
 * The state an attempt in `current` enters when `requested` is set or reported, or undefined
 * when the table refuses it (a duplicate, a late report, anything after a terminal state). A task
 * that finishes or fails while being cancelled has stopped all the same: it becomes CANCELED, as
 * in Flink's Execution.completeCancelling.
 */
export function nextExecutionState(current: ExecutionState, requested: ExecutionState): ExecutionState | undefined {
  const to = current === 'CANCELING' && (requested === 'FINISHED' || requested === 'FAILED') ? 'CANCELED' : requested;
  return TRANSITIONS[current].includes(to) ? to : undefined;
}
