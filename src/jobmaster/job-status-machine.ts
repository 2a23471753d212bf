/**
 * The job lifecycle as one transition table plus one place that applies transitions, stamps
 * their time, logs them and tells listeners (Flink's JobStatus transitions).
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { Logger } from '../common/log.js';
import type { JobStatus } from '../protocol/states.js';

/** Allowed transitions: from -> to. */
const TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  INITIALIZING: ['CREATED', 'FAILED', 'CANCELED', 'SUSPENDED'],
  CREATED: ['RUNNING', 'FAILING', 'FAILED', 'CANCELLING', 'CANCELED', 'SUSPENDED'],
  RUNNING: ['FINISHED', 'FAILING', 'CANCELLING', 'RESTARTING', 'SUSPENDED'],
  FAILING: ['FAILED', 'RESTARTING', 'CANCELLING', 'SUSPENDED'],
  RESTARTING: ['RUNNING', 'CREATED', 'FAILED', 'CANCELLING', 'CANCELED', 'SUSPENDED'],
  CANCELLING: ['CANCELED', 'SUSPENDED'],
  RECONCILING: ['RUNNING', 'FAILING', 'CANCELLING', 'SUSPENDED'],
  FINISHED: [],
  FAILED: [],
  CANCELED: [],
  SUSPENDED: [],
};

/** Holds a job's status and the time each status was entered. */
export class JobStatusMachine {
  private current: JobStatus = 'INITIALIZING';
  readonly timestamps: Partial<Record<JobStatus, number>>;

  constructor(private readonly jobId: string, initializationTimestamp: number, private readonly log: Logger, private readonly onChange: (status: JobStatus) => void = () => undefined) {
    this.timestamps = { INITIALIZING: initializationTimestamp };
  }

  get state(): JobStatus {
    return this.current;
  }

  /** Whether `to` is allowed from the current status. */
  canTransitionTo(to: JobStatus): boolean {
    return TRANSITIONS[this.current].includes(to);
  }

  /** Applies a transition; throws ILLEGAL_STATE if the table does not allow it. */
  transitionTo(to: JobStatus, cause?: string): void {
    if (!this.canTransitionTo(to)) {
      throw new SluiceError(ErrorCode.ILLEGAL_STATE, `Job ${this.jobId} cannot go from ${this.current} to ${to}`);
    }
    const from = this.current;
    this.current = to;
    this.timestamps[to] = Date.now();
    this.log.info({ jobId: this.jobId, from, to, cause }, `Job ${this.jobId} switched from ${from} to ${to}`);
    this.onChange(to);
  }
}
