/**
 * The Dispatcher: accepts job submissions, persists each JobGraph before running it, starts one
 * JobMaster runner per job, answers queries from the running JobMaster or the archive, and
 * rejects duplicate job ids.
 */
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import type { JobId, ResourceId } from '../common/ids.js';
import type { Logger } from '../common/log.js';
import type { CheckpointType, JobOperationKey, OperationKey, OperationResult } from '../protocol/checkpoint-triggers.js';
import type { ClusterOverview, TaskManagerInfo } from '../protocol/cluster-info.js';
import type { CollectResults } from '../protocol/collect-results.js';
import type { ArchivedExecutionGraph, JobDetails } from '../protocol/execution-graph-info.js';
import type { DispatcherGateway, JobManagerRunner, JobManagerRunnerFactory, ProcessInfoAnswer, ProcessInfoGateway, ProcessInfoQuery, ResourceManagerGateway } from '../protocol/gateways.js';
import type { JobGraphStore } from '../protocol/ha-services.js';
import type { JobGraph } from '../protocol/job-graph.js';
import type { JobResourceRequirements } from '../protocol/rescales.js';
import type { BlobService } from '../protocol/job-packages.js';
import { toJobDetails } from '../protocol/job-details.js';
import { toJobResult, type JobResult } from '../protocol/job-result.js';
import type { JobStatus } from '../protocol/states.js';
import { CompletedOperationCache } from './completed-operation-cache.js';
import { ExecutionGraphInfoStore } from './execution-graph-info-store.js';

export interface DispatcherOptions {
  resourceManager: ResourceManagerGateway;
  runnerFactory: JobManagerRunnerFactory;
  jobGraphStore: JobGraphStore;
  archiveExpirationMs: number;
  /** `rest.async.store-duration`: how long the result of a manual checkpoint or a savepoint can be asked for. */
  operationStoreDurationMs: number;
  /** Deletes the savepoint in a directory, refusing one that does not hold a savepoint (the checkpoint storage's). */
  disposeSavepoint(path: string): Promise<void>;
  /** Where job packages are stored (the BlobServer): each running job holds a reference to its package. */
  blobStore: Pick<BlobService, 'retain' | 'release'>;
  log: Logger;
}

export class Dispatcher implements DispatcherGateway {
  private readonly runners = new Map<JobId, JobManagerRunner>();
  /** Ids being submitted right now, so concurrent submissions of one id start one job. */
  private readonly submitting = new Set<JobId>();
  private readonly archive: ExecutionGraphInfoStore;
  /** Manual checkpoints, savepoints and disposals by trigger id (Flink's DispatcherCachedOperationsHandler). */
  private readonly checkpointTriggers: CompletedOperationCache<number>;
  private readonly savepointTriggers: CompletedOperationCache<string>;
  private readonly savepointDisposals: CompletedOperationCache<null>;

  constructor(private readonly opts: DispatcherOptions) {
    this.archive = new ExecutionGraphInfoStore(opts.archiveExpirationMs);
    this.checkpointTriggers = new CompletedOperationCache('checkpoint', opts.operationStoreDurationMs);
    this.savepointTriggers = new CompletedOperationCache('savepoint', opts.operationStoreDurationMs);
    this.savepointDisposals = new CompletedOperationCache('savepoint disposal', opts.operationStoreDurationMs);
  }

  async submitJob(jobGraph: JobGraph): Promise<void> {
    const jobId = jobGraph.jobId;
    this.rejectDuplicate(jobId);
    // Created first: it checks the job's configuration, and a job that cannot run is not stored.
    const runner = this.opts.runnerFactory.createJobManagerRunner(jobGraph, Date.now());
    const blobKey = jobGraph.program.blobKey;
    this.opts.blobStore.retain(blobKey);
    this.submitting.add(jobId);
    try {
      await this.opts.jobGraphStore.putJobGraph(jobGraph);
    } catch (err) {
      this.opts.blobStore.release(blobKey);
      throw err;
    } finally {
      this.submitting.delete(jobId);
    }
    this.runners.set(jobId, runner);
    this.opts.log.info({ jobId, jobName: jobGraph.jobName }, `Submitting job '${jobGraph.jobName}' (${jobId})`);
    void runner.resultFuture.then((graph) => this.onJobTerminated(runner, graph, blobKey));
    runner.start();
  }

  async checkJobIdAvailable(jobId: JobId): Promise<void> {
    this.rejectDuplicate(jobId);
  }

  async listJobs(): Promise<JobDetails[]> {
    const running = await Promise.all([...this.runners.values()].map((r) => r.jobMasterGateway.requestJob().then(toJobDetails)));
    return [...running, ...this.archive.details()];
  }

  async requestJob(jobId: JobId): Promise<ArchivedExecutionGraph> {
    const runner = this.runners.get(jobId);
    if (runner) return runner.jobMasterGateway.requestJob();
    return this.archivedJob(jobId);
  }

  async requestJobStatus(jobId: JobId): Promise<JobStatus> {
    return (await this.requestJob(jobId)).state;
  }

  async cancelJob(jobId: JobId): Promise<void> {
    const runner = this.runners.get(jobId);
    if (runner) return runner.jobMasterGateway.cancel();
    const archived = this.archive.get(jobId);
    if (archived) throw new SluiceError(ErrorCode.ILLEGAL_STATE, `Job ${jobId} has already reached the terminal state ${archived.state} and cannot be cancelled`, { kind: 'user' });
    throw new SluiceError(ErrorCode.JOB_NOT_FOUND, `Job ${jobId} not found`, { kind: 'user' });
  }

  async requestClusterOverview(): Promise<ClusterOverview> {
    const resources = await this.opts.resourceManager.requestResourceOverview();
    return {
      numTaskManagersConnected: resources.numberTaskManagers,
      numSlotsTotal: resources.numberRegisteredSlots,
      numSlotsAvailable: resources.numberFreeSlots,
      numJobsRunningOrPending: this.runners.size,
      numJobsFinished: this.archive.count('FINISHED'),
      numJobsCancelled: this.archive.count('CANCELED'),
      numJobsFailed: this.archive.count('FAILED'),
    };
  }

  requestTaskManagers(): Promise<TaskManagerInfo[]> {
    return this.opts.resourceManager.requestTaskManagers();
  }

  async requestJobResult(jobId: JobId): Promise<JobResult> {
    const runner = this.runners.get(jobId);
    return toJobResult(runner ? await runner.resultFuture : this.archivedJob(jobId));
  }

  async fetchCollectResults(jobId: JobId, operatorId: string, offset: number): Promise<CollectResults> {
    const runner = this.runners.get(jobId);
    if (runner) return runner.jobMasterGateway.fetchCollectResults(operatorId, offset);
    // A job only finishes once its results were fetched; an ended job has nothing left to give.
    return { offset, batches: [], end: false, jobStatus: this.archivedJob(jobId).state };
  }

  async triggerCheckpoint(key: JobOperationKey, checkpointType: CheckpointType): Promise<void> {
    if (this.checkpointTriggers.containsOperation(key)) return;
    this.checkpointTriggers.registerOngoingOperation(key, this.triggerCheckpointAndGetCheckpointId(key.jobId, checkpointType));
  }

  async getTriggeredCheckpointStatus(key: JobOperationKey): Promise<OperationResult<number>> {
    return this.checkpointTriggers.get(key);
  }

  async triggerSavepoint(key: JobOperationKey, targetDirectory: string | undefined, cancelJob: boolean): Promise<void> {
    if (this.savepointTriggers.containsOperation(key)) return;
    this.savepointTriggers.registerOngoingOperation(key, this.runningJobMaster(key.jobId, 'take a savepoint').then((jm) => jm.triggerSavepoint(targetDirectory, cancelJob)));
  }

  async stopWithSavepoint(key: JobOperationKey, targetDirectory: string | undefined, drain: boolean): Promise<void> {
    if (this.savepointTriggers.containsOperation(key)) return;
    this.savepointTriggers.registerOngoingOperation(key, this.runningJobMaster(key.jobId, 'stop with a savepoint').then((jm) => jm.stopWithSavepoint(targetDirectory, drain)));
  }

  async updateJobResourceRequirements(jobId: JobId, requirements: JobResourceRequirements): Promise<void> {
    const runner = this.runners.get(jobId);
    if (runner) return runner.jobMasterGateway.updateJobResourceRequirements(requirements);
    const archived = this.archivedJob(jobId);
    throw new SluiceError(ErrorCode.RESCALE_REFUSED, `Job ${jobId} has already reached the terminal state ${archived.state} and cannot be rescaled`, { kind: 'user' });
  }

  async getTriggeredSavepointStatus(key: JobOperationKey): Promise<OperationResult<string>> {
    return this.savepointTriggers.get(key);
  }

  async disposeSavepoint(key: OperationKey, savepointPath: string): Promise<void> {
    if (this.savepointDisposals.containsOperation(key)) return;
    this.savepointDisposals.registerOngoingOperation(key, this.opts.disposeSavepoint(savepointPath).then(() => null));
  }

  async getSavepointDisposalStatus(key: OperationKey): Promise<OperationResult<null>> {
    return this.savepointDisposals.get(key);
  }

  queryTaskManager<Q extends ProcessInfoQuery>(resourceId: ResourceId, query: Q, args: Parameters<ProcessInfoGateway[Q]>): ProcessInfoAnswer<Q> {
    return this.opts.resourceManager.queryTaskManager(resourceId, query, args);
  }

  /** Stops every JobMaster (JobManager shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.runners.values()].map((r) => r.close().catch(() => undefined)));
    this.runners.clear();
  }

  /** The operation behind `triggerCheckpoint`: the JobMaster's checkpoint id, or why there is none. */
  private async triggerCheckpointAndGetCheckpointId(jobId: JobId, checkpointType: CheckpointType): Promise<number> {
    return (await this.runningJobMaster(jobId, 'be checkpointed')).triggerCheckpoint(checkpointType);
  }

  /** The JobMaster of running job `jobId`; for an ended or unknown job, the error saying it cannot `what`. */
  private async runningJobMaster(jobId: JobId, what: string): Promise<JobManagerRunner['jobMasterGateway']> {
    const runner = this.runners.get(jobId);
    if (runner) return runner.jobMasterGateway;
    const archived = this.archivedJob(jobId);
    throw new SluiceError(ErrorCode.ILLEGAL_STATE, `Job ${jobId} has already reached the terminal state ${archived.state} and cannot ${what}`, { kind: 'user' });
  }

  private archivedJob(jobId: JobId): ArchivedExecutionGraph {
    const archived = this.archive.get(jobId);
    if (archived) return archived;
    throw new SluiceError(ErrorCode.JOB_NOT_FOUND, `Job ${jobId} not found`, { kind: 'user' });
  }

  private rejectDuplicate(jobId: JobId): void {
    if (this.runners.has(jobId) || this.submitting.has(jobId)) {
      throw new SluiceError(ErrorCode.DUPLICATE_JOB, `Job ${jobId} is already running; a job id can be submitted only once`, { kind: 'user' });
    }
    const archived = this.archive.get(jobId);
    if (archived) {
      throw new SluiceError(ErrorCode.DUPLICATE_JOB, `Job ${jobId} has already finished (${archived.state}); a job id can be submitted only once`, { kind: 'user' });
    }
  }

  private async onJobTerminated(runner: JobManagerRunner, graph: ArchivedExecutionGraph, blobKey: string): Promise<void> {
    this.archive.put(graph);
    this.runners.delete(runner.jobId);
    this.opts.log.info({ jobId: runner.jobId, state: graph.state }, `Job ${runner.jobId} reached terminal state ${graph.state}`);
    await runner.close().catch((err: unknown) => this.opts.log.warn({ err: errorMessage(err) }, 'Closing the JobMaster failed'));
    await this.opts.jobGraphStore.removeJobGraph(runner.jobId);
    this.opts.blobStore.release(blobKey);
  }
}
