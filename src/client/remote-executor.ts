/**
 * Runs a job file's job on a remote cluster (Flink's RemoteExecutor, `-m host:port`): when
 * `SLUICE_JOBMANAGER` is set, `env.execute()`, `executeAsync()` and `executeAndCollect()` of a
 * file run directly submit the file itself, with the same arguments, through the REST API. The
 * JobManager rebuilds the graph from the package, so the program's graph construction must be
 * deterministic, as it must be for task workers.
 *
 * The API's types are not imported (the client may not depend on the API); the classes here
 * match PipelineExecutor and JobClient structurally, and the StreamGraph type comes through
 * `createProgramJobGraph`.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { JobId } from '../common/ids.js';
import { createProgramJobGraph } from '../program/index.js';
import { awaitJobResult, type JobExecutionResult } from './job-outcome.js';
import { submitProgram, type ProgramSubmission } from './program-submission.js';
import { remoteCollectResults } from './remote-collect-results.js';
import { RestClusterClient } from './rest-cluster-client.js';

/** The environment variable naming the JobManager (`host:port` of its REST API) a job file submits to. */
export const JOBMANAGER_ENV = 'SLUICE_JOBMANAGER';

type StreamGraph = Parameters<typeof createProgramJobGraph>[0];

/** A job submitted to a remote cluster (Flink's RestClusterClient job handle). */
export class RemoteJobClient {
  private result?: Promise<JobExecutionResult>;

  constructor(private readonly cluster: RestClusterClient, readonly jobId: JobId, private readonly streamGraph: StreamGraph) {}

  /** Polls the job until it ends (only once asked: a job followed by nobody costs no requests). */
  getJobExecutionResult(): Promise<JobExecutionResult> {
    this.result ??= awaitJobResult(this.cluster, this.jobId);
    return this.result;
  }

  cancel(): Promise<void> {
    return this.cluster.cancelJob(this.jobId);
  }

  collect(nodeId: number): AsyncIterator<unknown> {
    return remoteCollectResults(this.cluster, this.jobId, collectSinkOperatorId(this.streamGraph, nodeId), () => this.getJobExecutionResult());
  }
}

/** Submits the program once, for its first job: the cluster extracts only the first job a program defines. */
export class RemoteExecutor {
  private submitted = false;

  constructor(private readonly cluster: RestClusterClient, private readonly program: ProgramSubmission) {}

  async execute(streamGraph: StreamGraph): Promise<JobExecutionResult> {
    return (await this.executeAsync(streamGraph)).getJobExecutionResult();
  }

  async executeAsync(streamGraph: StreamGraph): Promise<RemoteJobClient> {
    if (this.submitted) {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, `This program was already submitted to ${this.cluster.url}, which runs the first job a program defines; a program run against a cluster can define only one job.`);
    }
    this.submitted = true;
    return new RemoteJobClient(this.cluster, await submitProgram(this.cluster, this.program), streamGraph);
  }
}

/**
 * The executor of a job file run directly with `SLUICE_JOBMANAGER=host:port`: submits `entryFile`
 * (`process.argv[1]`) with `args`. Throws NO_EXECUTOR when the program does not come from a file.
 */
export function entryFileRemoteExecutor(jobManager: string, entryFile: string | undefined, args: readonly string[]): RemoteExecutor {
  if (entryFile === undefined || !existsSync(entryFile) || !statSync(entryFile).isFile()) {
    throw SluiceError.user(ErrorCode.NO_EXECUTOR, `${JOBMANAGER_ENV} submits the job file that was started (node or tsx <file>), but this program's entry is ${entryFile === undefined ? 'not a file' : `'${entryFile}'`}.`);
  }
  return new RemoteExecutor(new RestClusterClient(jobManager), { jobFile: resolve(entryFile), args: [...args] });
}

/**
 * The operator id of the collect sink of stream node `nodeId`: operator ids depend only on the
 * graph's structure, so the one computed here is the one the cluster gave the sink.
 */
function collectSinkOperatorId(streamGraph: StreamGraph, nodeId: number): string {
  const jobGraph = createProgramJobGraph(streamGraph, { blobKey: '', packageName: '', args: [] }, { config: {} }, { defaultParallelism: 1 });
  const operator = jobGraph.vertices.flatMap((v) => v.operators).find((o) => o.nodeId === nodeId);
  if (!operator) throw new SluiceError(ErrorCode.ILLEGAL_STATE, `The job has no operator for stream node ${nodeId}`);
  return operator.operatorId;
}
