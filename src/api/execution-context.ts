/**
 * How `env.execute()` reaches a cluster without the API importing the runtime (Flink's
 * context environment). Whoever runs a job's `main` — the plan extraction child, a task worker,
 * `sluice run --local` — installs a PipelineExecutor first; `execute()` hands it the StreamGraph.
 * A job file run directly (`npx tsx job.ts`) has none installed and gets the default executor:
 * the package's public entry registers an embedded mini cluster as the default.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { StreamGraph } from './stream-graph.js';

/** The result `execute()` resolves with. */
export interface JobExecutionResult {
  jobId: string;
  jobName: string;
  /** Wall-clock run time in ms. */
  netRuntime: number;
}

/** A submitted job as its client sees it (Flink's JobClient). */
export interface JobClient {
  readonly jobId: string;
  /**
   * Resolves when the job finished; rejects with its root cause (the failing operator's error, with
   * the user's message and stack) if it failed, or with JOB_CANCELED if it was cancelled.
   */
  getJobExecutionResult(): Promise<JobExecutionResult>;
  cancel(): Promise<void>;
  /**
   * The records reaching the collect sink of StreamGraph node `nodeId`, as they arrive. Ends when
   * the job finishes, throws as `getJobExecutionResult` does when it does not; `return()` cancels
   * the job if it still runs.
   */
  collect(nodeId: number): AsyncIterator<unknown>;
}

/** Runs (or captures) a StreamGraph. */
export interface PipelineExecutor {
  execute(streamGraph: StreamGraph): Promise<JobExecutionResult>;
  /** Submits the job and resolves once it is accepted (Flink's executeAsync); `executeAndCollect` needs it. */
  executeAsync?(streamGraph: StreamGraph): Promise<JobClient>;
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
let defaultExecutor: PipelineExecutor | undefined;

/** Installs (or with `undefined`, removes) the executor used by `execute()` in this thread. */
export function setContextExecutor(executor: PipelineExecutor | undefined): void {
  contextExecutor = executor;
}

/**
 * Registers where jobs run when no executor is installed in the thread: `factory` is called once
 * per job (lazily, so the runtime it loads costs nothing until a job runs). The package's public
 * entry registers the embedded mini cluster; cluster processes never load that entry.
 */
export function setDefaultExecutorFactory(factory: (() => Promise<PipelineExecutor>) | undefined): void {
  defaultExecutor = factory && {
    execute: async (graph) => (await factory()).execute(graph),
    executeAsync: async (graph) => submit(await factory(), graph),
  };
}

/** The executor `execute()` uses: the one installed for this thread, else the default, if any. */
export function getContextExecutor(): PipelineExecutor | undefined {
  return contextExecutor ?? defaultExecutor;
}

/** An iterator of results at the client; `close()`, like leaving a `for await` loop early, cancels the job if it still runs. */
export interface CloseableIterator<T> extends AsyncIterableIterator<T> {
  close(): Promise<void>;
}

/**
 * Submits `graph` at once and iterates over what its collect sink (node `nodeId`) receives: the
 * runtime half of `DataStream.executeAndCollect()`.
 */
export function collectResults<T>(graph: StreamGraph, nodeId: number): CloseableIterator<T> {
  const executor = getContextExecutor();
  const client = executor
    ? submit(executor, graph)
    : Promise.reject(SluiceError.user(ErrorCode.NO_EXECUTOR, 'No executor is installed in this process, so executeAndCollect() cannot run the job.'));
  // A failed submission surfaces on the first next(); until then it is not unhandled.
  client.catch(() => undefined);
  return new CollectResultIterator<T>(client.then((c) => c.collect(nodeId)));
}

/** The first `limit` results, after which the job is cancelled if it still runs. */
export async function takeResults<T>(results: CloseableIterator<T>, limit: number): Promise<T[]> {
  if (!Number.isInteger(limit) || limit < 0) {
    await results.close();
    throw SluiceError.user(ErrorCode.INVALID_PROGRAM, `executeAndCollect needs a limit of 0 or more records, got ${limit}.`);
  }
  const taken: T[] = [];
  try {
    while (taken.length < limit) {
      const next = await results.next();
      if (next.done) break;
      taken.push(next.value);
    }
  } finally {
    await results.close();
  }
  return taken;
}

function submit(executor: PipelineExecutor, graph: StreamGraph): Promise<JobClient> {
  if (!executor.executeAsync) {
    return Promise.reject(SluiceError.user(ErrorCode.NO_EXECUTOR, 'The executor installed in this process cannot hand results to the program, so executeAndCollect() cannot run the job.'));
  }
  return executor.executeAsync(graph);
}

class CollectResultIterator<T> implements CloseableIterator<T> {
  constructor(private readonly source: Promise<AsyncIterator<unknown>>) {}

  async next(): Promise<IteratorResult<T>> {
    return (await (await this.source).next()) as IteratorResult<T>;
  }

  async return(): Promise<IteratorResult<T>> {
    await this.close();
    return { done: true, value: undefined };
  }

  /** Never throws: there is nothing to close when the job was not submitted, or has ended. */
  async close(): Promise<void> {
    try {
      await (await this.source).return?.();
    } catch {
      // already reported to whoever iterated
    }
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
