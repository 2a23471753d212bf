/**
 * How `env.execute()` reaches a cluster without the API importing the runtime (Flink's
 * context environment). Whoever runs a job's `main` — the plan extraction child, a task worker,
 * a mini cluster — installs a PipelineExecutor first; `execute()` hands it the StreamGraph.
 */
import type { StreamGraph } from './stream-graph.js';

/** The result `execute()` resolves with. */
export interface JobExecutionResult {
  jobId: string;
  jobName: string;
  /** Wall-clock run time in ms. */
  netRuntime: number;
}

/** Runs (or captures) a StreamGraph. */
export interface PipelineExecutor {
  execute(streamGraph: StreamGraph): Promise<JobExecutionResult>;
}

/**
 * Thrown by executors that only capture the plan (plan extraction, task workers) to stop the
 * user's `main` right after `execute()`, as Flink's ProgramAbortException does.
 */
export class ProgramAbortException extends Error {
  constructor() {
    super('Program execution stopped after the plan was captured (this is expected in plan mode).');
    this.name = 'ProgramAbortException';
  }
}

let contextExecutor: PipelineExecutor | undefined;

/** Installs (or with `undefined`, removes) the executor used by `execute()` in this thread. */
export function setContextExecutor(executor: PipelineExecutor | undefined): void {
  contextExecutor = executor;
}

/** The executor installed by the runtime, if any. */
export function getContextExecutor(): PipelineExecutor | undefined {
  return contextExecutor;
}
