/**
 * Rescaling a running job: the resource requirements a client sets (Flink's
 * JobResourceRequirementsBody) and what each rescale records (Flink's adaptive scheduler
 * `Rescale`, shown by `/jobs/:jobid/rescales/*`).
 */
import type { JobVertexId } from '../common/ids.js';

/** The parallelism range of one vertex; -1 stands for the default bound (1, or the max parallelism), as in Flink. */
export interface ParallelismBounds {
  lowerBound: number;
  upperBound: number;
}

/** Per job vertex id, the parallelism range it may run at. */
export type JobResourceRequirements = Record<JobVertexId, { parallelism: ParallelismBounds }>;

/** Each vertex at exactly its current parallelism (lower = upper): what `GET /jobs/:jobid/resource-requirements` shows. */
export function currentRequirements(vertices: readonly { id: JobVertexId; parallelism: number }[]): JobResourceRequirements {
  return Object.fromEntries(vertices.map((v) => [v.id, { parallelism: { lowerBound: v.parallelism, upperBound: v.parallelism } }]));
}

/** Rescales a job keeps in its history (older ones are only counted). */
export const RESCALE_HISTORY_MAX = 20;

/** Flink's TriggerCause: what started a rescale (Sluice rescales only on request). */
export type RescaleTriggerCause = 'UPDATE_REQUIREMENT';
/** Flink's TerminalState of a rescale. */
export type RescaleTerminalState = 'COMPLETED' | 'FAILED' | 'IGNORED';
/** Flink's TerminatedReason (the ones Sluice gives), with the terminal state each means. */
export const RESCALE_TERMINAL_STATES = {
  SUCCEEDED: 'COMPLETED',
  EXCEPTION_OCCURRED: 'FAILED',
  NO_RESOURCES_OR_PARALLELISMS_CHANGE: 'IGNORED',
  JOB_FINISHED: 'IGNORED',
  JOB_FAILED: 'IGNORED',
  JOB_CANCELED: 'IGNORED',
  JOB_FAILOVER_RESTARTING: 'IGNORED',
} as const satisfies Record<string, RescaleTerminalState>;
export type RescaleTerminatedReason = keyof typeof RESCALE_TERMINAL_STATES;

/** One vertex of a rescale (Flink's VertexParallelismRescaleInfo). */
export interface VertexRescale {
  jobVertexId: JobVertexId;
  jobVertexName: string;
  /** The requested bounds and the vertex's max parallelism. */
  requiredParallelisms: { minParallelism: number; parallelism: number; maxParallelism: number };
  preRescaleParallelism: number;
  /** The upper bound asked for. */
  desiredParallelism: number;
  /** The lower bound asked for: the least the rescale may give. */
  sufficientParallelism: number;
  /** Set once the rescale ended: what the vertex runs at afterwards. */
  postRescaleParallelism?: number;
}

/** A phase of a rescale (Flink's SchedulerStateSpan, named as the adaptive scheduler's states). */
export interface RescalePhase {
  state: 'StopWithSavepoint' | 'Restarting' | 'WaitingForResources';
  enterTimestampInMillis: number;
  leaveTimestampInMillis?: number;
  durationInMillis?: number;
  stringifiedException?: string;
}

/** One rescale of a job (Flink's JobRescaleDetails). */
export interface JobRescale {
  rescaleUuid: string;
  resourceRequirementsUuid: string;
  /** Counts the job's rescales from 1. */
  rescaleAttemptId: number;
  triggerCause: RescaleTriggerCause;
  startTimestampInMillis: number;
  endTimestampInMillis?: number;
  terminalState?: RescaleTerminalState;
  terminatedReason?: RescaleTerminatedReason;
  vertices: Record<JobVertexId, VertexRescale>;
  schedulerStates: RescalePhase[];
}
