/**
 * Gateway interfaces of the runtime components. Components hold each other only through these:
 * an implementation is either the component itself (same process) or an RPC proxy. Every method
 * returns a Promise because any of them may cross a process boundary; arguments and results are
 * plain data (msgpack-serializable).
 */
import type { AllocationId, ExecutionAttemptId, JobId, ResourceId } from '../common/ids.js';
import type { LogFileInfo } from '../common/process-info/log-directory.js';
import type { LogFileSelector } from '../common/process-info/process-introspection.js';
import type { MetricValue } from '../common/process-info/process-metrics.js';
import type { ThreadInfo } from '../common/process-info/thread-dump.js';
import type { ArchivedExecutionGraph, JobDetails } from './execution-graph-info.js';
import type { CheckpointTrigger, SubtaskCheckpointAck, SubtaskCheckpointDecline } from './checkpoints.js';
import type { CheckpointType, JobOperationKey, OperationKey, OperationResult } from './checkpoint-triggers.js';
import type { ClusterOverview, TaskManagerInfo } from './cluster-info.js';
import type { CollectResults } from './collect-results.js';
import type { JobGraph } from './job-graph.js';
import type { JobResult } from './job-result.js';
import type { JobResourceRequirements } from './rescales.js';
import type { Address, SlotOffer, SlotStatus, TaskDeploymentDescriptor, TaskExecutionState, TaskExecutorRegistration, TaskIOMetrics } from './deployment.js';
import type { JobStatus } from './states.js';

/** Where an RPC endpoint can be reached: the process's RPC address and the endpoint's id in it. */
export interface RpcEndpointAddress {
  address: Address;
  endpointId: string;
}

/** Well-known endpoint ids in the JobManager / TaskManager RPC servers. */
export const EndpointIds = {
  DISPATCHER: 'dispatcher',
  RESOURCE_MANAGER: 'resourcemanager',
  BLOB_SERVER: 'blobserver',
  TASK_EXECUTOR: 'taskexecutor',
  jobMaster: (jobId: JobId): string => `jobmaster_${jobId}`,
} as const;

/**
 * What a JobManager or TaskManager process tells about itself (Flink's log, stdout, thread-dump
 * and metrics handlers). File names come from requests: implementations reject any name that is
 * not a file of their log directory.
 */
export interface ProcessInfoGateway {
  /** The log and .out files of the process's log directory. */
  requestLogList(): Promise<LogFileInfo[]>;
  /** Name, size and mtime of one file. Rejects with BAD_REQUEST (a path in the name) or NOT_FOUND. */
  requestLogFileInfo(file: LogFileSelector): Promise<LogFileInfo>;
  /** Up to `length` bytes at `offset` of a listed file; at most MAX_LOG_CHUNK per call (small RPC frames). */
  readLogFile(name: string, offset: number, length: number): Promise<Uint8Array>;
  requestThreadDump(): Promise<ThreadInfo[]>;
  requestMetrics(): Promise<MetricValue[]>;
}

/** The ProcessInfoGateway calls that can be addressed to a TaskManager through the Dispatcher. */
export const PROCESS_INFO_QUERIES = ['requestLogList', 'requestLogFileInfo', 'readLogFile', 'requestThreadDump', 'requestMetrics'] as const satisfies readonly (keyof ProcessInfoGateway)[];
export type ProcessInfoQuery = (typeof PROCESS_INFO_QUERIES)[number];

/** The answer of a ProcessInfoGateway call. */
export type ProcessInfoAnswer<Q extends ProcessInfoQuery> = Promise<Awaited<ReturnType<ProcessInfoGateway[Q]>>>;

/** A ProcessInfoGateway call on the TaskManager `resourceId`; rejects with UNKNOWN_TASK_EXECUTOR if none is registered. */
export type TaskManagerQuery = <Q extends ProcessInfoQuery>(resourceId: ResourceId, query: Q, args: Parameters<ProcessInfoGateway[Q]>) => ProcessInfoAnswer<Q>;

/** The Dispatcher: job submission and job/cluster queries (used by the REST layer). */
export interface DispatcherGateway {
  /** Persists and starts a job. Rejects with DUPLICATE_JOB if the id is known. */
  submitJob(jobGraph: JobGraph): Promise<void>;
  /**
   * Resolves if a job with this id could be submitted now; rejects with DUPLICATE_JOB (naming its
   * state) if one is running, being submitted, or has ended. Lets a submission that sets its own id
   * be refused before the user's `main` runs; `submitJob` checks again.
   */
  checkJobIdAvailable(jobId: JobId): Promise<void>;
  /** Summaries of all running and archived jobs. */
  listJobs(): Promise<JobDetails[]>;
  /** The snapshot of one job. Rejects with JOB_NOT_FOUND. */
  requestJob(jobId: JobId): Promise<ArchivedExecutionGraph>;
  requestJobStatus(jobId: JobId): Promise<JobStatus>;
  /** Cancels a running job. Rejects with JOB_NOT_FOUND, or ILLEGAL_STATE if it already ended. */
  cancelJob(jobId: JobId): Promise<void>;
  requestClusterOverview(): Promise<ClusterOverview>;
  requestTaskManagers(): Promise<TaskManagerInfo[]>;
  /**
   * Resolves once the job is globally terminal (at once for a finished job). It can wait as long
   * as the job runs, so it is for in-process callers (the mini cluster's clients); remote callers
   * poll `requestJobStatus`. Rejects with JOB_NOT_FOUND.
   */
  requestJobResult(jobId: JobId): Promise<JobResult>;
  /**
   * Results of the collect sink `operatorId` from `offset` on, acknowledging those before it (see
   * JobMasterGateway.fetchCollectResults). For a job that has ended, an empty answer with its
   * final status. Rejects with JOB_NOT_FOUND.
   */
  fetchCollectResults(jobId: JobId, operatorId: string, offset: number): Promise<CollectResults>;
  /** Asks a TaskManager about itself (logs, threads, metrics), through the ResourceManager. */
  queryTaskManager: TaskManagerQuery;
  /**
   * Triggers a manual checkpoint of the job under `key` and resolves at once; the outcome (the
   * checkpoint id, or why there is none: an unknown or ended job too) is asked for with
   * `getTriggeredCheckpointStatus`. A key already known starts nothing: it names the same operation.
   */
  triggerCheckpoint(key: JobOperationKey, checkpointType: CheckpointType): Promise<void>;
  /** Where the manual checkpoint under `key` stands. Rejects with NOT_FOUND for a key never triggered or expired. */
  getTriggeredCheckpointStatus(key: JobOperationKey): Promise<OperationResult<number>>;
  /**
   * Triggers a savepoint of the job under `key` into `targetDirectory` (undefined: the configured
   * default), then cancels the job when `cancelJob`; resolves at once, like `triggerCheckpoint`.
   */
  triggerSavepoint(key: JobOperationKey, targetDirectory: string | undefined, cancelJob: boolean): Promise<void>;
  /**
   * Stops the job with a savepoint under `key` (Flink's stop-with-savepoint, `drain` as its
   * `--drain`); resolves at once, its outcome read with `getTriggeredSavepointStatus`.
   */
  stopWithSavepoint(key: JobOperationKey, targetDirectory: string | undefined, drain: boolean): Promise<void>;
  /** The JobMaster's `updateJobResourceRequirements` of running job `jobId`. Rejects with JOB_NOT_FOUND, or RESCALE_REFUSED for an ended job. */
  updateJobResourceRequirements(jobId: JobId, requirements: JobResourceRequirements): Promise<void>;
  /** Where the savepoint under `key` stands: its directory once completed. Rejects with NOT_FOUND for an unknown key. */
  getTriggeredSavepointStatus(key: JobOperationKey): Promise<OperationResult<string>>;
  /** Deletes the savepoint in directory `savepointPath` under `key`; resolves at once. */
  disposeSavepoint(key: OperationKey, savepointPath: string): Promise<void>;
  /** Where the disposal under `key` stands. Rejects with NOT_FOUND for an unknown key. */
  getSavepointDisposalStatus(key: OperationKey): Promise<OperationResult<null>>;
}

/** Registration answer of the ResourceManager. */
export interface RegistrationResponse {
  /** The ResourceManager's fencing token for this leadership. */
  resourceManagerId: string;
}

/** The ResourceManager: TaskManager registry and slot matching. */
export interface ResourceManagerGateway {
  registerTaskExecutor(registration: TaskExecutorRegistration): Promise<RegistrationResponse>;
  /** Heartbeat of a TaskExecutor carrying its current slot report. */
  heartbeatFromTaskManager(resourceId: ResourceId, slots: SlotStatus[]): Promise<void>;
  disconnectTaskManager(resourceId: ResourceId, reason: string): Promise<void>;
  /**
   * Declares how many slots a job needs in total (0 when it no longer needs any). The
   * ResourceManager asks TaskExecutors to offer free slots to the JobMaster at `jobMaster`.
   */
  declareRequiredResources(jobId: JobId, jobMaster: RpcEndpointAddress, jobMasterId: string, requiredSlots: number): Promise<void>;
  /** A JobMaster gives back a slot it no longer uses (the TaskExecutor frees it too). */
  notifySlotReleased(resourceId: ResourceId, allocationId: AllocationId): Promise<void>;
  requestTaskManagers(): Promise<TaskManagerInfo[]>;
  requestResourceOverview(): Promise<{ numberTaskManagers: number; numberRegisteredSlots: number; numberFreeSlots: number }>;
  /** Forwards a ProcessInfoGateway call to a registered TaskExecutor. */
  queryTaskManager: TaskManagerQuery;
}

/** The JobMaster of one job. */
export interface JobMasterGateway {
  /** A TaskExecutor offers slots allocated to this job; returns the accepted ones. */
  offerSlots(taskManagerId: ResourceId, taskExecutor: RpcEndpointAddress, dataAddress: Address, offers: SlotOffer[]): Promise<SlotOffer[]>;
  updateTaskExecutionState(state: TaskExecutionState): Promise<void>;
  /** TaskManager `resourceId` is gone (lost heartbeats, or shut down): its slots and tasks are lost. */
  disconnectTaskManager(resourceId: ResourceId, cause: string): Promise<void>;
  /** Periodic counters of running tasks (records, bytes, busy/idle/backpressured time). */
  reportTaskMetrics(updates: { executionAttemptId: ExecutionAttemptId; metrics: TaskIOMetrics }[]): Promise<void>;
  requestJob(): Promise<ArchivedExecutionGraph>;
  cancel(): Promise<void>;
  /**
   * A collect sink (attempt `executionAttemptId`, operator `operatorId`) sends one batch of
   * `count` results (msgpack-encoded records), `end` on its last. The sink sends only with credit
   * (see collect-results.ts), so the buffer stays bounded.
   */
  addCollectResults(executionAttemptId: ExecutionAttemptId, operatorId: string, batch: Uint8Array, count: number, end: boolean): Promise<void>;
  /**
   * The buffered results of collect sink `operatorId` from `offset` on; records before `offset`
   * are acknowledged, dropped, and their space returned to the sink as credit. With nothing to
   * return yet it waits briefly (well under the RPC timeout) for results or a status change.
   */
  fetchCollectResults(operatorId: string, offset: number): Promise<CollectResults>;
  /**
   * Triggers a checkpoint now (a manual one) and resolves with its id once it completed, which can
   * take up to the checkpoint timeout: for in-process callers (the Dispatcher). Rejects with
   * ILLEGAL_STATE when the job does not checkpoint, CHECKPOINT_FAILED when it cannot start or is aborted.
   */
  triggerCheckpoint(checkpointType: CheckpointType): Promise<number>;
  /**
   * Takes a savepoint into `targetDirectory` (undefined: `execution.checkpointing.savepoint-dir`)
   * and resolves with its directory once it completed, after cancelling the job when `cancelJob`.
   * Rejects with ILLEGAL_STATE without a directory, CHECKPOINT_FAILED when it cannot start or is aborted.
   */
  triggerSavepoint(targetDirectory: string | undefined, cancelJob: boolean): Promise<string>;
  /**
   * Stop-with-savepoint: takes a savepoint into `targetDirectory` (as `triggerSavepoint`), after
   * which the sources end (with `drain`, finishing every operator) and the job ends FINISHED;
   * resolves with the savepoint's directory once it did. A failed savepoint leaves the job running.
   */
  stopWithSavepoint(targetDirectory: string | undefined, drain: boolean): Promise<string>;
  /**
   * Sets the parallelism range of every vertex (Flink's JobResourceRequirements). When a vertex's
   * parallelism changes the job rescales (a savepoint, then the job runs at the new parallelism
   * restoring it), which this does not wait for: it is recorded in `requestJob().rescales`.
   * Rejects with BAD_REQUEST for invalid requirements, RESCALE_REFUSED when the job cannot rescale now.
   */
  updateJobResourceRequirements(requirements: JobResourceRequirements): Promise<void>;
  /** Attempt `executionAttemptId` took its part of a checkpoint (its state file is written). */
  acknowledgeCheckpoint(executionAttemptId: ExecutionAttemptId, ack: SubtaskCheckpointAck): Promise<void>;
  /** Attempt `executionAttemptId` could not take its part of a checkpoint: it is aborted. */
  declineCheckpoint(executionAttemptId: ExecutionAttemptId, decline: SubtaskCheckpointDecline): Promise<void>;
}

/** The TaskExecutor of one TaskManager; it also answers for its process (logs, threads, metrics). */
export interface TaskExecutorGateway extends ProcessInfoGateway {
  /** The ResourceManager assigns a free slot to a job; the TaskExecutor offers it to the JobMaster. */
  requestSlot(slotIndex: number, jobId: JobId, allocationId: AllocationId, jobMaster: RpcEndpointAddress, jobMasterId: string, resourceManagerId: string): Promise<void>;
  submitTask(tdd: TaskDeploymentDescriptor): Promise<void>;
  cancelTask(executionAttemptId: ExecutionAttemptId): Promise<void>;
  /** Frees a slot; its tasks are cancelled if still running. */
  freeSlot(allocationId: AllocationId, reason: string): Promise<void>;
  /**
   * Heartbeat of the JobMaster of `jobId`; answers with the allocation ids of the slots this
   * TaskExecutor holds for the job (a slot the JobMaster holds but that is missing is lost).
   */
  heartbeatFromJobManager(jobId: JobId): Promise<AllocationId[]>;
  /** The JobMaster freed `credits` batches of buffer space for the collect sink of this attempt. */
  grantCollectCredit(executionAttemptId: ExecutionAttemptId, credits: number): Promise<void>;
  /**
   * Starts checkpoint `trigger.checkpointId` at this attempt (a source, or a task whose inputs all
   * ended): it snapshots its state and sends a barrier on every output, behind its records so far.
   */
  triggerCheckpoint(executionAttemptId: ExecutionAttemptId, trigger: CheckpointTrigger): Promise<void>;
  /** Checkpoint `checkpointId` completed: the attempt's operators may commit what it covers. */
  notifyCheckpointComplete(executionAttemptId: ExecutionAttemptId, checkpointId: number): Promise<void>;
  /** Checkpoint `checkpointId` was aborted: the attempt stops aligning for it and drops what it took. */
  notifyCheckpointAborted(executionAttemptId: ExecutionAttemptId, checkpointId: number): Promise<void>;
}

/** The BlobServer: content-addressed (sha256) artifacts such as job packages. */
export interface BlobServerGateway {
  /** Size in bytes of a blob. Rejects with BLOB_NOT_FOUND. */
  getBlobSize(key: string): Promise<number>;
  /** Reads up to `length` bytes at `offset` (chunks keep RPC frames small). */
  readBlob(key: string, offset: number, length: number): Promise<Uint8Array>;
}

/** Fencing token of leaders when high availability is off (Flink's DEFAULT_LEADER_ID). */
export const DEFAULT_LEADER_ID = '00000000000000000000000000000000';

/** Obtains a gateway for an endpoint address (an RPC proxy, or a local object in tests). */
export type GatewayResolver = <G extends object>(target: RpcEndpointAddress, fencingToken?: string) => G;

/** A running job as the Dispatcher holds it: its JobMaster and the promise of its final state. */
export interface JobManagerRunner {
  readonly jobId: JobId;
  readonly jobMasterGateway: JobMasterGateway;
  /** Resolves with the final snapshot when the job reaches a globally terminal state. */
  readonly resultFuture: Promise<ArchivedExecutionGraph>;
  start(): void;
  /** Stops the JobMaster (unregisters its endpoint, releases its slots). */
  close(): Promise<void>;
}

/** Creates the JobMaster runner of a submitted job (injected into the Dispatcher). */
export interface JobManagerRunnerFactory {
  createJobManagerRunner(jobGraph: JobGraph, initializationTimestamp: number): JobManagerRunner;
}
