/**
 * A job submitted to a mini cluster, as its client sees it (Flink's MiniClusterJobClient): its
 * outcome, cancellation, and its collect sinks' results, all through the Dispatcher gateway.
 */
import type { JobClient, JobExecutionResult } from '../api/execution-context.js';
import { deserializeError, ErrorCode, SluiceError } from '../common/errors.js';
import type { DispatcherGateway } from '../protocol/gateways.js';
import type { JobGraph } from '../protocol/job-graph.js';
import type { JobResult } from '../protocol/job-result.js';
import { CollectResultFetcher } from './collect-result-fetcher.js';

export class MiniClusterJobClient implements JobClient {
  private readonly result: Promise<JobExecutionResult>;
  /** Settles once the job has ended and `onEnded` has run. */
  readonly ended: Promise<void>;

  constructor(
    private readonly dispatcher: DispatcherGateway,
    private readonly jobGraph: JobGraph,
    /** Runs once the job is globally terminal, whether or not anyone asks for its result. */
    onEnded: () => Promise<void>,
  ) {
    this.result = dispatcher.requestJobResult(jobGraph.jobId).then(toExecutionResult);
    const settled = (): Promise<void> => onEnded();
    this.ended = this.result.then(settled, settled);
  }

  get jobId(): string {
    return this.jobGraph.jobId;
  }

  getJobExecutionResult(): Promise<JobExecutionResult> {
    return this.result;
  }

  async cancel(): Promise<void> {
    await this.dispatcher.cancelJob(this.jobId);
  }

  collect(nodeId: number): AsyncIterator<unknown> {
    const operator = this.jobGraph.vertices.flatMap((v) => v.operators).find((o) => o.nodeId === nodeId);
    if (!operator) throw new SluiceError(ErrorCode.ILLEGAL_STATE, `Job ${this.jobId} has no operator for stream node ${nodeId}`);
    return new CollectResultFetcher(this.dispatcher, this.jobId, operator.operatorId, this.result, () => this.cancel());
  }
}

/** A finished job's result; a failed job's root cause, or JOB_CANCELED, as the error. */
function toExecutionResult(result: JobResult): JobExecutionResult {
  switch (result.state) {
    case 'FINISHED':
      return { jobId: result.jobId, jobName: result.jobName, netRuntime: result.netRuntime };
    case 'CANCELED':
      throw SluiceError.user(ErrorCode.JOB_CANCELED, `Job '${result.jobName}' (${result.jobId}) was cancelled`);
    default:
      throw result.failureCause
        ? deserializeError(result.failureCause)
        : new SluiceError(ErrorCode.INTERNAL, `Job '${result.jobName}' (${result.jobId}) ended ${result.state} without a recorded cause`);
  }
}
