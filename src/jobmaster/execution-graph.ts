/**
 * The ExecutionGraph: one Execution per subtask of every JobVertex, with its state, timestamps,
 * slot and metrics. Knows how to describe itself as an ArchivedExecutionGraph.
 */
import { serializeError, type SerializedError } from '../common/errors.js';
import { newId, type AllocationId, type ExecutionAttemptId, type ResourceId } from '../common/ids.js';
import type { JobGraph, JobVertex } from '../protocol/job-graph.js';
import type { ArchivedExecutionGraph, ExceptionHistoryEntry, TaskIORates } from '../protocol/execution-graph-info.js';
import type { Address, TaskIOMetrics } from '../protocol/deployment.js';
import { TERMINAL_EXECUTION_STATES, type ExecutionState, type JobStatus } from '../protocol/states.js';
import { nextExecutionState } from './execution-state-transitions.js';
import { ioRates, type MetricsReport } from './task-io-rates.js';

/** A slot the JobMaster holds. */
export interface PhysicalSlot {
  allocationId: AllocationId;
  slotIndex: number;
  taskManagerId: ResourceId;
  dataAddress: Address;
  /** Index of the shared slot (subtask i of every vertex runs in shared slot i). */
  sharedSlotIndex: number;
}

export const ZERO_METRICS: Readonly<TaskIOMetrics> = {
  numRecordsIn: 0, numRecordsOut: 0, numBytesIn: 0, numBytesOut: 0,
  accumulateBusyTime: 0, accumulateIdleTime: 0, accumulateBackPressuredTime: 0,
};

/** One attempt of one subtask. */
export class Execution {
  private current: ExecutionState = 'CREATED';
  readonly stateTimestamps: Partial<Record<ExecutionState, number>> = { CREATED: Date.now() };
  slot?: PhysicalSlot;
  metrics: TaskIOMetrics = { ...ZERO_METRICS };
  /** Rates between the last two periodic reports (none before the second one). */
  rates?: TaskIORates;
  private lastReport?: MetricsReport;
  failureCause?: string;

  constructor(readonly vertex: JobVertex, readonly subtaskIndex: number, readonly attemptNumber: number, readonly attemptId: ExecutionAttemptId = newId()) {}

  get state(): ExecutionState {
    return this.current;
  }

  get isTerminal(): boolean {
    return TERMINAL_EXECUTION_STATES.has(this.current);
  }

  /** Takes a periodic counter report that arrived at `at`, and the rates since the previous one. */
  reportMetrics(metrics: TaskIOMetrics, at: number): void {
    const report = { metrics, at };
    if (this.lastReport) this.rates = ioRates(this.lastReport, report) ?? this.rates;
    this.lastReport = report;
    this.metrics = metrics;
  }

  /**
   * Moves towards `requested` as the transition table says (execution-state-transitions.ts);
   * returns the state entered, or undefined when the table refuses the transition.
   */
  transitionTo(requested: ExecutionState): ExecutionState | undefined {
    const next = nextExecutionState(this.current, requested);
    if (next === undefined) return undefined;
    this.current = next;
    this.stateTimestamps[next] = Date.now();
    return next;
  }
}

/** All executions of a job, indexed by vertex and by attempt id. */
export class ExecutionGraph {
  readonly executions = new Map<ExecutionAttemptId, Execution>();
  readonly byVertex = new Map<string, Execution[]>();
  readonly exceptionHistory: ExceptionHistoryEntry[] = [];
  /** Set once an old failure was dropped from the history. */
  exceptionHistoryTruncated = false;
  /** The job's latest root cause: the failure that restarted it or failed it. */
  failureCause?: SerializedError;
  /** When `failureCause` happened (ms since epoch). */
  failureTimestamp?: number;
  lastModification = Date.now();

  constructor(private current: JobGraph) {
    this.createExecutions(0);
  }

  /** The JobGraph the executions run (a rescale replaces it). */
  get jobGraph(): JobGraph {
    return this.current;
  }

  /**
   * Replaces every execution by a new attempt (a restart of the whole job), of the vertices of
   * `jobGraph` when given (a rescale: the same vertices at other parallelisms).
   */
  resetForRestart(jobGraph: JobGraph = this.current): void {
    const attempt = this.all()[0]!.attemptNumber + 1;
    this.current = jobGraph;
    this.executions.clear();
    this.byVertex.clear();
    this.createExecutions(attempt);
    this.touch();
  }

  private createExecutions(attemptNumber: number): void {
    for (const v of this.jobGraph.vertices) {
      const list = Array.from({ length: v.parallelism }, (_, i) => new Execution(v, i, attemptNumber));
      this.byVertex.set(v.id, list);
      for (const e of list) this.executions.set(e.attemptId, e);
    }
  }

  /** Slots the job needs: with slot sharing, its highest vertex parallelism. */
  get requiredSlots(): number {
    return Math.max(...this.jobGraph.vertices.map((v) => v.parallelism));
  }

  all(): Execution[] {
    return [...this.executions.values()];
  }

  touch(): void {
    this.lastModification = Date.now();
  }

  /** Records the job's latest root cause (a failure that restarts or fails the job) and when it happened. */
  setFailureCause(err: unknown): void {
    this.failureCause = serializeError(err);
    this.failureTimestamp = Date.now();
  }

  /** The snapshot for queries and the archive. */
  archive(state: JobStatus, stateTimestamps: Partial<Record<JobStatus, number>>): ArchivedExecutionGraph {
    const g = this.jobGraph;
    return {
      jobId: g.jobId,
      jobName: g.jobName,
      jobType: g.jobType,
      state,
      stateTimestamps: { ...stateTimestamps },
      maxParallelism: g.maxParallelism,
      plan: g.plan,
      streamGraph: g.streamGraph,
      jobConfig: g.config,
      lastModification: this.lastModification,
      exceptionHistory: [...this.exceptionHistory],
      ...(this.exceptionHistoryTruncated && { exceptionHistoryTruncated: true }),
      ...(this.failureCause !== undefined && { failureCause: this.failureCause, failureTimestamp: this.failureTimestamp }),
      vertices: g.vertices.map((v) => ({
        id: v.id,
        name: v.name,
        parallelism: v.parallelism,
        maxParallelism: v.maxParallelism,
        subtasks: this.byVertex.get(v.id)!.map((e) => ({
          subtaskIndex: e.subtaskIndex,
          attemptNumber: e.attemptNumber,
          state: e.state,
          taskManagerId: e.slot?.taskManagerId,
          endpoint: e.slot ? `${e.slot.dataAddress.host}:${e.slot.dataAddress.port}` : undefined,
          stateTimestamps: { ...e.stateTimestamps },
          metrics: { ...e.metrics },
          // A rate describes a task that is still working; an ended one has none.
          rates: e.isTerminal || !e.rates ? undefined : { ...e.rates },
          failureCause: e.failureCause,
        })),
      })),
    };
  }
}
