/** Flink's job and task states, with the same names. */

export const JOB_STATUSES = [
  'INITIALIZING', 'CREATED', 'RUNNING', 'FAILING', 'FAILED', 'CANCELLING', 'CANCELED',
  'FINISHED', 'RESTARTING', 'SUSPENDED', 'RECONCILING',
] as const;
/** Flink's JobStatus. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Globally terminal job states: the job will never run again. */
export const GLOBALLY_TERMINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set(['FAILED', 'CANCELED', 'FINISHED']);

export const EXECUTION_STATES = [
  'CREATED', 'SCHEDULED', 'DEPLOYING', 'RUNNING', 'FINISHED', 'CANCELING', 'CANCELED', 'FAILED',
  'RECONCILING', 'INITIALIZING',
] as const;
/** Flink's ExecutionState (state of one subtask attempt). */
export type ExecutionState = (typeof EXECUTION_STATES)[number];

export const TERMINAL_EXECUTION_STATES: ReadonlySet<ExecutionState> = new Set(['FINISHED', 'CANCELED', 'FAILED']);
