/**
 * The JobMaster of one job: declares the slots the job needs, accepts slots offered by
 * TaskExecutors, deploys every subtask once all slots are there (slot sharing: subtask i of
 * every vertex shares slot i), tracks task states and drives the job status machine. On a
 * failure (a task fails, or a TaskManager holding its slots is lost) it asks the restart
 * strategy: restart the whole job with new attempts after the backoff (RESTARTING -> RUNNING),
 * or fail it. Every failure goes into the exception history. A job has a CheckpointCoordinator
 * that runs while a round runs (periodic checkpoints only with an interval; savepoints always); a
 * new round restores every subtask from the latest completed checkpoint that reads back intact.
 */
import { CheckpointCoordinator } from '../checkpoint/checkpoint-coordinator.js';
import { snapshotRestorePath, takeSnapshotRestore } from '../checkpoint/snapshot-restore.js';
import { readVerifiedMetadata, type CheckpointMetadata } from '../checkpoint/checkpoint-storage.js';
import { assignSnapshotState, type StateAssignment } from '../checkpoint/state-assignment.js';
import { CheckpointingOptions, type StateBackendType } from '../common/config/options.js';
import { deserializeError, errorMessage, ErrorCode, SluiceError } from '../common/errors.js';
import type { AllocationId, ExecutionAttemptId, ResourceId } from '../common/ids.js';
import type { Logger } from '../common/log.js';
import { rescaleJobGraph } from '../graph/parallelism-overrides.js';
import type { HeartbeatTarget } from '../heartbeat/heartbeat-listener.js';
import { HeartbeatManagerSender } from '../heartbeat/heartbeat-manager-sender.js';
import type { HeartbeatSettings } from '../heartbeat/heartbeat-settings.js';
import type { CheckpointSettings } from '../protocol/checkpoint-stats.js';
import type { SubtaskCheckpointAck, SubtaskCheckpointDecline } from '../protocol/checkpoints.js';
import type { CheckpointType } from '../protocol/checkpoint-triggers.js';
import type { CollectResults } from '../protocol/collect-results.js';
import type { ArchivedExecutionGraph } from '../protocol/execution-graph-info.js';
import type { JobGraph } from '../protocol/job-graph.js';
import type { Address, SlotOffer, TaskExecutionState, TaskIOMetrics } from '../protocol/deployment.js';
import type { JobResourceRequirements, RescaleTerminatedReason } from '../protocol/rescales.js';
import type { GatewayResolver, JobMasterGateway, ResourceManagerGateway, RpcEndpointAddress, TaskExecutorGateway } from '../protocol/gateways.js';
import { GLOBALLY_TERMINAL_JOB_STATUSES, type ExecutionState, type JobStatus } from '../protocol/states.js';
import { CollectResultBuffer } from './collect-result-buffer.js';
import { createDeploymentDescriptor } from './deployment-descriptors.js';
import { ExecutionGraph, type Execution, type PhysicalSlot } from './execution-graph.js';
import { JobStatusMachine } from './job-status-machine.js';
import { RescaleHistory } from './rescale-history.js';
import { targetParallelisms, validateRequirements } from './resource-requirements.js';
import type { RestartBackoffTimeStrategy } from './restart-strategies.js';

/** The job's final error after its restarts ran out: the last failure, saying why it is final. */
function suppressedRecovery(err: Error, strategy: string): SluiceError {
  const code = err instanceof SluiceError ? err.code : ErrorCode.JOB_FAILED;
  const final = new SluiceError(code, `${err.message} (recovery is suppressed by ${strategy})`, { kind: 'user', cause: err });
  final.stack = `${final.name}: ${final.message}\nCaused by: ${err.stack ?? err.message}`;
  return final;
}

export interface JobMasterOptions {
  jobGraph: JobGraph;
  initializationTimestamp: number;
  /** This JobMaster's fencing token. */
  jobMasterId: string;
  /** Where TaskExecutors reach this JobMaster. */
  selfAddress: RpcEndpointAddress;
  resourceManager: ResourceManagerGateway;
  gateways: GatewayResolver;
  slotRequestTimeoutMs: number;
  /** `web.exception-history-size`: failures kept in the exception history. */
  exceptionHistorySize: number;
  restartStrategy: RestartBackoffTimeStrategy;
  /** The job's checkpoint settings (interval 0: savepoints only); undefined: no checkpoints or savepoints at all. */
  checkpointing?: CheckpointSettings;
  /** `state.backend.type` as the cluster's and the job's configuration resolve it; unset: the job's own setting reaches the tasks. */
  stateBackend?: StateBackendType;
  /** `state.backend.incremental` as the cluster's and the job's configuration resolve it; unset: the job's own setting reaches the tasks. */
  incrementalCheckpoints?: boolean;
  /** `web.checkpoints.history`: checkpoints kept in the statistics' history. */
  checkpointHistorySize: number;
  heartbeat: HeartbeatSettings;
  log: Logger;
}

interface HeldSlot extends PhysicalSlot {
  taskExecutor: TaskExecutorGateway;
}

/** A TaskManager holding slots of the job, asked for the allocations it still holds. */
interface TaskManagerTarget extends HeartbeatTarget<void, AllocationId[]> {
  /** Its RPC address: a connection there that closes is a reason to ask at once. */
  address: Address;
}

/** Delay of the retry after a failed heartbeat request, well under any interval. */
const HEARTBEAT_RETRY_AFTER_FAILURE_MS = 100;

/** Why a rescale under way ended when the job ended in a globally terminal state. */
const RESCALE_ENDED_BY: Partial<Record<JobStatus, RescaleTerminatedReason>> = { FINISHED: 'JOB_FINISHED', CANCELED: 'JOB_CANCELED' };

export class JobMaster implements JobMasterGateway {
  private readonly graph: ExecutionGraph;
  private readonly status: JobStatusMachine;
  private readonly slots: HeldSlot[] = [];
  private slotTimer?: NodeJS.Timeout;
  /** When the current round started waiting for slots; unset once it is deployed. */
  private waitingForSlotsSince?: number;
  private restartTimer?: NodeJS.Timeout;
  private deployed = false;
  /** Set once every execution of a failed round is terminal: restart after the backoff. */
  private pendingRestartDelayMs?: number;
  /**
   * Heartbeats to the TaskManagers holding the job's slots. A dropped RPC connection triggers a
   * request at once, and a failed request is retried soon, so a killed TaskManager is noticed in
   * milliseconds rather than after `heartbeat.timeout`.
   */
  private readonly heartbeats: HeartbeatManagerSender<AllocationId[], void, TaskManagerTarget>;
  /** Results of the job's collect sinks (executeAndCollect) by operator id, until the client fetches them. */
  private readonly collectBuffers = new Map<string, CollectResultBuffer>();
  private readonly checkpoints?: CheckpointCoordinator;
  /**
   * What the tasks' job configuration adds to the job's own: the effective checkpoint interval,
   * mode and directory, which may come from the cluster's configuration the TaskManagers do not share.
   */
  private readonly taskConfigOverrides: Record<string, string>;
  private readonly rescales = new RescaleHistory();
  /** Set while a rescale's savepoint completed and the old round's tasks end: the graph to run next and the savepoint it restores. */
  private pendingRescale?: { jobGraph: JobGraph; savepoint: string };
  /** The checkpoint id of the savepoint the latest rescale restored: a restart restores no older checkpoint than it. */
  private rescaledFrom = 0;
  /**
   * What the current round restores: the latest completed checkpoint after a failure, or, until
   * the job completed one, the snapshot it was started from.
   */
  private restore?: StateAssignment;
  /** Hear each status the job enters, once (`nextStatus`). */
  private readonly statusListeners = new Set<(state: JobStatus) => void>();
  private resolveResult!: (g: ArchivedExecutionGraph) => void;
  /** Resolves with the final snapshot once the job is globally terminal. */
  readonly resultFuture: Promise<ArchivedExecutionGraph>;

  constructor(private readonly opts: JobMasterOptions) {
    this.graph = new ExecutionGraph(opts.jobGraph);
    this.status = new JobStatusMachine(opts.jobGraph.jobId, opts.initializationTimestamp, opts.log, (s) => this.onStatusChange(s));
    this.resultFuture = new Promise((resolve) => (this.resolveResult = resolve));
    this.heartbeats = new HeartbeatManagerSender({
      ...opts.heartbeat,
      retryAfterFailureMs: HEARTBEAT_RETRY_AFTER_FAILURE_MS,
      listener: {
        notifyHeartbeatTimeout: (id) => void this.disconnectTaskManager(id, `The heartbeat of TaskManager with id ${id} timed out after ${opts.heartbeat.timeoutMs} ms`, true),
        notifyTargetUnreachable: (id, err, failures) => void this.disconnectTaskManager(id, `TaskManager with id ${id} is unreachable: ${failures} heartbeat RPCs in a row failed (last: ${errorMessage(err)})`, true),
        reportPayload: (id, allocationIds) => this.checkSlotsOf(id, allocationIds),
      },
    });
    const checkpointing = opts.checkpointing;
    this.taskConfigOverrides = {
      ...(opts.stateBackend && { [CheckpointingOptions.STATE_BACKEND.key]: opts.stateBackend }),
      ...(opts.incrementalCheckpoints !== undefined && { [CheckpointingOptions.INCREMENTAL.key]: String(opts.incrementalCheckpoints) }),
      ...(checkpointing && {
        [CheckpointingOptions.INTERVAL.key]: String(checkpointing.interval),
        [CheckpointingOptions.MODE.key]: checkpointing.mode,
        // Resolved (the default lies under the JobManager's temporary directory): tasks with inputs write there when their barriers align.
        [CheckpointingOptions.DIRECTORY.key]: checkpointing.directory,
      }),
    };
    if (checkpointing) {
      this.checkpoints = new CheckpointCoordinator({
        jobId: opts.jobGraph.jobId,
        settings: checkpointing,
        vertices: opts.jobGraph.vertices,
        tasks: () => this.graph.all().map((e) => ({ attemptId: e.attemptId, vertexId: e.vertex.id, subtaskIndex: e.subtaskIndex, state: e.state, gateway: (e.slot as HeldSlot | undefined)?.taskExecutor })),
        failJob: (err) => this.handleFailure(err),
        historySize: opts.checkpointHistorySize,
        log: opts.log.child({ component: 'CheckpointCoordinator' }),
      });
    }
  }

  get jobId(): string {
    return this.opts.jobGraph.jobId;
  }

  get jobStatus(): JobStatus {
    return this.status.state;
  }

  /**
   * Creates the execution graph and starts scheduling (asks the ResourceManager for slots); a job
   * started from a snapshot reads it first, and fails if it cannot be restored.
   */
  start(): void {
    this.status.transitionTo('CREATED');
    if (snapshotRestorePath(this.opts.jobGraph.config) === undefined) this.run();
    else void this.startFromSnapshot();
  }

  private run(): void {
    this.status.transitionTo('RUNNING');
    this.schedule();
  }

  private async startFromSnapshot(): Promise<void> {
    try {
      const snapshot = (await takeSnapshotRestore(this.opts.jobGraph))!;
      if (this.status.state !== 'CREATED') return;
      this.opts.log.info({ jobId: this.jobId }, `Restoring job ${this.jobId} from ${snapshot.metadata.type === 'SAVEPOINT' ? 'savepoint' : 'checkpoint'} ${snapshot.metadata.checkpointId} (${snapshot.location}).`);
      this.restore = snapshot.assignment;
      this.checkpoints?.reportRestoredSnapshot(snapshot.metadata, snapshot.location, snapshot.claimed);
    } catch (err) {
      this.failJob(err as Error);
      return;
    }
    this.run();
  }

  /** An RPC connection to `address` dropped: check the TaskManagers there at once. */
  connectionClosed(address: Address): void {
    this.heartbeats.requestHeartbeatsNow((tm) => tm.address.host === address.host && tm.address.port === address.port);
  }

  /** Schedules every execution of the current round: declares the slots, deploys once they are all held. */
  private schedule(): void {
    for (const e of this.graph.all()) if (e.state === 'CREATED') this.transition(e, 'SCHEDULED');
    this.graph.touch();
    const required = this.graph.requiredSlots;
    if (this.slots.length >= required) {
      setImmediate(() => this.deploy());
      return;
    }
    clearTimeout(this.slotTimer);
    this.slotTimer = setTimeout(() => this.onSlotRequestTimeout(), this.opts.slotRequestTimeoutMs);
    this.waitingForSlotsSince = Date.now();
    this.opts.resourceManager
      .declareRequiredResources(this.jobId, this.opts.selfAddress, this.opts.jobMasterId, required)
      .catch((err: unknown) => this.failJob(new SluiceError(ErrorCode.SLOT_ALLOCATION_FAILED, `Could not declare resources to the ResourceManager: ${errorMessage(err)}`)));
  }

  async offerSlots(taskManagerId: ResourceId, taskExecutor: RpcEndpointAddress, dataAddress: Address, offers: SlotOffer[]): Promise<SlotOffer[]> {
    // Slots are taken while the job waits for them, and while it restarts (for the next round).
    const state = this.status.state;
    if (state === 'RUNNING' ? this.deployed : state !== 'RESTARTING') return [];
    const gateway = this.opts.gateways<TaskExecutorGateway>(taskExecutor);
    const accepted: SlotOffer[] = [];
    for (const offer of offers) {
      if (this.slots.length >= this.graph.requiredSlots) break;
      if (this.slots.some((s) => s.allocationId === offer.allocationId)) continue;
      this.slots.push({ ...offer, taskManagerId, dataAddress, sharedSlotIndex: this.slots.length, taskExecutor: gateway });
      this.heartbeats.monitorTarget(taskManagerId, { address: taskExecutor.address, requestHeartbeat: () => gateway.heartbeatFromJobManager(this.jobId) });
      accepted.push(offer);
    }
    if (this.slots.length === this.graph.requiredSlots && state === 'RUNNING') setImmediate(() => this.deploy());
    return accepted;
  }

  async updateTaskExecutionState(update: TaskExecutionState): Promise<void> {
    const e = this.graph.executions.get(update.executionAttemptId);
    if (!e) return;
    const entered = this.transition(e, update.state);
    if (entered === undefined) return;
    if (update.metrics) e.metrics = update.metrics;
    this.graph.touch();
    if (entered === 'FAILED') {
      const err = update.error ? deserializeError(update.error) : new SluiceError(ErrorCode.TASK_FAILED, 'Task failed without a cause');
      e.failureCause = err.stack ?? err.message;
      this.handleFailure(err, e);
    }
    if (entered === 'FINISHED') this.checkpoints?.taskFinished(e.attemptId);
    if (entered === 'RUNNING' || entered === 'FINISHED') this.startCheckpointingOnceRunning();
    this.checkCompletion();
  }

  /** Whether the job takes periodic checkpoints (`execution.checkpointing.interval` set). */
  private get checkpointsPeriodically(): boolean {
    return (this.opts.checkpointing?.interval ?? 0) > 0;
  }

  /** Every checkpoint of the heap backend is full, so each checkpoint type takes the same one. */
  async triggerCheckpoint(checkpointType: CheckpointType): Promise<number> {
    if (!this.checkpoints || !this.checkpointsPeriodically) {
      throw SluiceError.user(ErrorCode.ILLEGAL_STATE, `Job ${this.jobId} does not checkpoint: manual checkpoints need ${CheckpointingOptions.INTERVAL.key} to be set when the job is submitted.`);
    }
    if (checkpointType === 'INCREMENTAL' && !(this.opts.stateBackend === 'rocksdb' && this.opts.incrementalCheckpoints === true)) {
      // Flink refuses it too (FLINK-33723): an incremental checkpoint cannot be forced on a job configured for full ones.
      throw SluiceError.user(ErrorCode.BAD_REQUEST, `Job ${this.jobId} cannot take an INCREMENTAL checkpoint: only the rocksdb state backend with ${CheckpointingOptions.INCREMENTAL.key}: true takes them, and this job runs ${this.opts.stateBackend ?? 'hashmap'}${this.opts.stateBackend === 'rocksdb' ? ` with ${CheckpointingOptions.INCREMENTAL.key}: false` : ''} (use CONFIGURED or FULL).`);
    }
    this.opts.log.info({ jobId: this.jobId }, `Triggering a manual checkpoint for job ${this.jobId}.`);
    return this.checkpoints.triggerCheckpoint(checkpointType === 'FULL');
  }

  async triggerSavepoint(targetDirectory: string | undefined, cancelJob: boolean): Promise<string> {
    const { coordinator, target } = this.savepointTarget(targetDirectory);
    this.opts.log.info({ jobId: this.jobId, targetDirectory: target, cancelJob }, `Triggering ${cancelJob ? 'cancel-with-savepoint' : 'savepoint'} for job ${this.jobId}.`);
    const location = await coordinator.triggerSavepoint(target);
    if (cancelJob) await this.cancel();
    return location;
  }

  async stopWithSavepoint(targetDirectory: string | undefined, drain: boolean): Promise<string> {
    const { coordinator, target } = this.savepointTarget(targetDirectory);
    this.opts.log.info({ jobId: this.jobId, targetDirectory: target, drain }, `Triggering stop-with-savepoint for job ${this.jobId}.`);
    const location = await coordinator.triggerSavepoint(target, drain ? 'TERMINATE' : 'SUSPEND');
    // As Flink's StopWithSavepointTerminationHandler: the operation succeeds once the job finished after the savepoint,
    // and fails as soon as it does not (a task failed: the job restarts and keeps running, or fails, or is cancelled).
    const state = this.status.state === 'RUNNING' ? await this.nextStatus() : this.status.state;
    if (state !== 'FINISHED') {
      const recovery = state === 'RESTARTING' ? ' A fail-over recovers the job from its latest checkpoint.' : '';
      throw new SluiceError(ErrorCode.ILLEGAL_STATE, `Inconsistent execution state after stopping with savepoint: the job went ${state} instead of FINISHED.${recovery} The savepoint ${location} completed.`, { kind: 'external' });
    }
    await this.resultFuture;
    return location;
  }

  /** The coordinator and directory a savepoint of this job uses; ILLEGAL_STATE when it can take none. */
  private savepointTarget(targetDirectory: string | undefined): { coordinator: CheckpointCoordinator; target: string } {
    const target = targetDirectory ?? this.opts.checkpointing?.savepointDirectory;
    if (!this.checkpoints) throw SluiceError.user(ErrorCode.ILLEGAL_STATE, `Job ${this.jobId} cannot take savepoints.`);
    if (target === undefined) {
      throw SluiceError.user(ErrorCode.ILLEGAL_STATE, `No savepoint directory configured. You can either specify a directory when triggering the savepoint or configure a cluster-wide default via key '${CheckpointingOptions.SAVEPOINT_DIRECTORY.key}'.`);
    }
    return { coordinator: this.checkpoints, target };
  }

  /**
   * Validates the new requirements (BAD_REQUEST naming each problem), refuses a job that cannot
   * rescale now (RESCALE_REFUSED: not RUNNING and deployed, a rescale under way, no savepoints),
   * and starts the rescale when a vertex's parallelism changes; resolves before it ran (see
   * `rescale`). Requirements equal to the current ones change nothing and are not recorded.
   */
  async updateJobResourceRequirements(requirements: JobResourceRequirements): Promise<void> {
    const vertices = this.graph.jobGraph.vertices;
    const errors = validateRequirements(requirements, vertices);
    if (errors.length > 0) throw SluiceError.user(ErrorCode.BAD_REQUEST, `Invalid resource requirements for job ${this.jobId}: ${errors.join(' ')}`);
    const unchanged = vertices.every((v) => {
      const { lowerBound, upperBound } = requirements[v.id]!.parallelism;
      return lowerBound === v.parallelism && upperBound === v.parallelism;
    });
    if (unchanged) return;
    const overview = await this.opts.resourceManager.requestResourceOverview().catch(() => undefined);
    const target = this.rescaleSavepointDirectory();
    const targets = targetParallelisms(requirements, vertices, this.slots.length + (overview?.numberFreeSlots ?? 0));
    // INVALID_PROGRAM (400) when the job's edges do not allow these parallelisms.
    const rescaled = targets && rescaleJobGraph(this.graph.jobGraph, targets);
    this.rescales.begin(vertices, requirements);
    if (!rescaled || rescaled.vertices.every((v, i) => v.parallelism === vertices[i]!.parallelism)) {
      this.opts.log.info({ jobId: this.jobId }, `Ignoring the new resource requirements of job ${this.jobId}: ${rescaled ? 'no vertex changes its parallelism' : 'the cluster has too few slots for their lower bounds'}.`);
      this.rescales.end('NO_RESOURCES_OR_PARALLELISMS_CHANGE', vertices);
      return;
    }
    void this.rescale(rescaled, target);
  }

  /** Where a rescale's savepoint goes; RESCALE_REFUSED when the job cannot rescale now. */
  private rescaleSavepointDirectory(): string {
    const refuse = (why: string): SluiceError => new SluiceError(ErrorCode.RESCALE_REFUSED, `Job ${this.jobId} cannot be rescaled: ${why}`, { kind: 'user' });
    const state = this.status.state;
    if (state !== 'RUNNING' || !this.deployed) throw refuse(`it is ${state === 'RUNNING' ? 'waiting for slots' : state}, and only a RUNNING job rescales.`);
    const inProgress = this.rescales.inProgress;
    if (inProgress) throw refuse(`rescale ${inProgress.rescaleUuid} is in progress; try again once it ended (GET /jobs/${this.jobId}/rescales/details/${inProgress.rescaleUuid}).`);
    const settings = this.opts.checkpointing;
    if (!this.checkpoints || !settings) throw refuse('it cannot take savepoints (its sources cannot replay their input), so its state could not move to the new subtasks.');
    return settings.savepointDirectory ?? settings.directory;
  }

  /**
   * A rescale (Flink's adaptive scheduler, by way of stop-with-savepoint): a savepoint in SUSPEND
   * mode ends the sources; once every task ended the job, RESTARTING meanwhile, runs `rescaled`
   * restoring that savepoint (`deployRescaled`). A savepoint that fails leaves the job running as it was.
   */
  private async rescale(rescaled: JobGraph, target: string): Promise<void> {
    const rescale = this.rescales.inProgress!;
    this.rescales.enterPhase('StopWithSavepoint');
    this.opts.log.info({ jobId: this.jobId, targetDirectory: target }, `Rescaling job ${this.jobId} (rescale ${rescale.rescaleUuid}): ${rescaled.vertices.map((v) => `${v.name} ${rescale.vertices[v.id]!.preRescaleParallelism} -> ${v.parallelism}`).join(', ')}.`);
    let savepoint: string;
    try {
      savepoint = await this.checkpoints!.triggerSavepoint(target, 'SUSPEND');
    } catch (err) {
      // A failure or a cancel aborted the savepoint: the job's own transition ends the rescale.
      if (this.status.state !== 'RUNNING') return;
      this.opts.log.warn({ jobId: this.jobId, err: errorMessage(err) }, `Rescale ${rescale.rescaleUuid} of job ${this.jobId} failed; the job keeps running at its parallelism.`);
      this.rescales.end('EXCEPTION_OCCURRED', this.graph.jobGraph.vertices, err as Error);
      // A bounded job may have ended meanwhile.
      this.checkCompletion();
      return;
    }
    // A failure, a cancel or the JobManager's end came first: that ended the rescale too.
    if (this.rescales.inProgress !== rescale || this.status.state !== 'RUNNING') return;
    this.rescales.enterPhase('Restarting');
    this.pendingRescale = { jobGraph: rescaled, savepoint };
    this.checkpoints!.stop(`job ${this.jobId} is rescaling`);
    this.status.transitionTo('RESTARTING', `rescaling from savepoint ${savepoint}`);
    this.checkCompletion();
  }

  /**
   * Every task of the round before the rescale ended: the next round runs `rescaled` restoring
   * `savepoint`. When its state cannot be mapped onto the new parallelism, the job runs as before
   * from the same savepoint and the rescale FAILED; when the savepoint cannot be read, the job fails.
   */
  private async deployRescaled(rescaled: JobGraph, savepoint: string): Promise<void> {
    this.rescales.enterPhase('WaitingForResources');
    let metadata: CheckpointMetadata;
    try {
      metadata = await readVerifiedMetadata(savepoint);
    } catch (err) {
      this.rescales.end('EXCEPTION_OCCURRED', this.graph.jobGraph.vertices, err as Error);
      if (this.status.state === 'RESTARTING') this.failJob(new SluiceError(ErrorCode.CHECKPOINT_CORRUPT, `The savepoint ${savepoint} of a rescale cannot be restored: ${errorMessage(err)}`, { kind: 'external', cause: err }));
      return;
    }
    if (this.status.state !== 'RESTARTING') return;
    let next = rescaled;
    try {
      this.restore = assignSnapshotState(metadata, rescaled.vertices, false);
    } catch (err) {
      this.opts.log.warn({ jobId: this.jobId, err: errorMessage(err) }, `Rescale of job ${this.jobId} failed: its state cannot be restored at the new parallelism; it runs on at its parallelism.`);
      next = this.graph.jobGraph;
      this.restore = assignSnapshotState(metadata, next.vertices, false);
      this.rescales.end('EXCEPTION_OCCURRED', next.vertices, err as Error);
    }
    this.rescaledFrom = metadata.checkpointId;
    this.checkpoints?.reportRestoredSnapshot(metadata, savepoint, true);
    this.checkpoints?.updateVertices(next.vertices);
    this.graph.resetForRestart(next);
    this.deployed = false;
    this.releaseSlotsBeyond(this.graph.requiredSlots);
    this.status.transitionTo('RUNNING');
    this.schedule();
  }

  /** Gives back the held slots a rescaled job no longer needs (the ResourceManager first learns it needs fewer). */
  private releaseSlotsBeyond(required: number): void {
    const excess = this.slots.splice(required);
    if (excess.length === 0) return;
    void this.opts.resourceManager.declareRequiredResources(this.jobId, this.opts.selfAddress, this.opts.jobMasterId, required).catch(() => undefined).then(() => Promise.all(excess.map(async (slot) => {
      if (!this.slots.some((s) => s.taskManagerId === slot.taskManagerId)) this.heartbeats.unmonitorTarget(slot.taskManagerId);
      await slot.taskExecutor.freeSlot(slot.allocationId, `job ${this.jobId} was rescaled`).catch(() => undefined);
      await this.opts.resourceManager.notifySlotReleased(slot.taskManagerId, slot.allocationId).catch(() => undefined);
    })));
  }

  async acknowledgeCheckpoint(executionAttemptId: ExecutionAttemptId, ack: SubtaskCheckpointAck): Promise<void> {
    this.checkpoints?.receiveAcknowledge(executionAttemptId, ack);
  }

  async declineCheckpoint(executionAttemptId: ExecutionAttemptId, decline: SubtaskCheckpointDecline): Promise<void> {
    this.checkpoints?.receiveDecline(executionAttemptId, decline);
  }

  /** Checkpoints start once every task of the deployed round runs (or already finished), as in Flink. */
  private startCheckpointingOnceRunning(): void {
    if (!this.checkpoints || this.checkpoints.isRunning || !this.deployed || this.status.state !== 'RUNNING') return;
    const all = this.graph.all();
    if (all.every((e) => e.state === 'RUNNING' || e.state === 'FINISHED') && all.some((e) => e.state === 'RUNNING')) this.checkpoints.start();
  }

  async disconnectTaskManager(resourceId: ResourceId, cause: string, detectedHere = false): Promise<void> {
    this.heartbeats.unmonitorTarget(resourceId);
    const lost = this.slots.filter((s) => s.taskManagerId === resourceId);
    if (lost.length === 0) return;
    this.opts.log.warn({ resourceId, cause }, 'TaskManager lost');
    // Tell the ResourceManager too, so it stops handing out that TaskManager's slots.
    if (detectedHere) void this.opts.resourceManager.disconnectTaskManager(resourceId, cause).catch(() => undefined);
    this.loseSlots(lost.map((s) => s.allocationId), new SluiceError(ErrorCode.TASK_MANAGER_LOST, `${cause}. The TaskManager and the tasks in its slots are lost.`, { kind: 'external', retryable: true }));
  }

  /** Slots the JobMaster holds on `resourceId` that the TaskManager no longer knows (it restarted) are lost. */
  private checkSlotsOf(resourceId: ResourceId, allocationIds: AllocationId[]): void {
    const known = new Set(allocationIds);
    const missing = this.slots.filter((s) => s.taskManagerId === resourceId && !known.has(s.allocationId));
    if (missing.length === 0) return;
    this.loseSlots(missing.map((s) => s.allocationId), new SluiceError(ErrorCode.TASK_MANAGER_LOST, `TaskManager with id ${resourceId} no longer holds ${missing.length} slot(s) of this job (it was restarted)`, { kind: 'external', retryable: true }));
  }

  /** Drops held slots; their running executions fail with `cause` (one failure for all of them). */
  private loseSlots(allocationIds: AllocationId[], cause: SluiceError): void {
    const ids = new Set(allocationIds);
    const lostSlots = this.slots.filter((s) => ids.has(s.allocationId));
    this.removeSlots(ids);
    const victims = this.graph.all().filter((e) => !e.isTerminal && e.slot && ids.has(e.slot.allocationId));
    for (const e of victims) {
      if (this.transition(e, 'FAILED') === 'FAILED') e.failureCause = cause.message;
    }
    this.graph.touch();
    if (victims.length > 0) this.handleFailure(cause, victims[0]);
    else if (lostSlots.length > 0 && !this.deployed && this.status.state === 'RUNNING') this.schedule();
    this.checkCompletion();
  }

  private removeSlots(ids: ReadonlySet<AllocationId>): void {
    for (let i = this.slots.length - 1; i >= 0; i--) if (ids.has(this.slots[i]!.allocationId)) this.slots.splice(i, 1);
    this.slots.forEach((s, i) => (s.sharedSlotIndex = i));
  }

  async reportTaskMetrics(updates: { executionAttemptId: ExecutionAttemptId; metrics: TaskIOMetrics }[]): Promise<void> {
    const now = Date.now();
    for (const u of updates) {
      const e = this.graph.executions.get(u.executionAttemptId);
      if (e && !e.isTerminal) e.reportMetrics(u.metrics, now);
    }
  }

  async requestJob(): Promise<ArchivedExecutionGraph> {
    if (this.waitingForSlots() === undefined) return this.archive();
    const overview = await this.opts.resourceManager.requestResourceOverview().catch(() => undefined);
    const snapshot = this.archive();
    // Asked again: the slots may have arrived while the ResourceManager answered.
    const since = this.waitingForSlots();
    if (since === undefined) return snapshot;
    return {
      ...snapshot,
      pendingSlotRequest: {
        requiredSlots: this.graph.requiredSlots,
        acquiredSlots: this.slots.length,
        ...(overview && { freeSlotsInCluster: overview.numberFreeSlots }),
        since,
      },
    };
  }

  /** The snapshot for queries and the archive, with the checkpoint statistics. */
  private archive(): ArchivedExecutionGraph {
    const snapshot = this.graph.archive(this.status.state, this.status.timestamps);
    if (!this.rescales.isEmpty) snapshot.rescales = this.rescales.snapshot();
    if (!this.checkpoints) return snapshot;
    const checkpointStats = this.checkpoints.statsSnapshot();
    // A job without periodic checkpoints shows statistics once it took a savepoint or started from one.
    return this.checkpointsPeriodically || checkpointStats.counts.total > 0 || checkpointStats.counts.restored > 0 ? { ...snapshot, checkpointStats } : snapshot;
  }

  /** Since when the running job has waited for slots to deploy into; undefined if it does not wait. */
  private waitingForSlots(): number | undefined {
    const waiting = this.status.state === 'RUNNING' && !this.deployed && this.slots.length < this.graph.requiredSlots;
    return waiting ? this.waitingForSlotsSince : undefined;
  }

  async cancel(): Promise<void> {
    const state = this.status.state;
    if (GLOBALLY_TERMINAL_JOB_STATUSES.has(state) || state === 'CANCELLING') return;
    clearTimeout(this.restartTimer);
    this.pendingRestartDelayMs = undefined;
    if (!this.deployed) {
      this.status.transitionTo(this.status.canTransitionTo('CANCELLING') ? 'CANCELLING' : 'CANCELED');
      for (const e of this.graph.all()) this.transition(e, 'CANCELED');
      if (this.status.state === 'CANCELLING') this.status.transitionTo('CANCELED');
      return;
    }
    this.status.transitionTo('CANCELLING');
    this.checkpoints?.stop('the job is cancelling');
    this.cancelRunningTasks();
    this.checkCompletion();
  }

  async addCollectResults(executionAttemptId: ExecutionAttemptId, operatorId: string, batch: Uint8Array, count: number, end: boolean): Promise<void> {
    this.collectBuffer(operatorId).add(executionAttemptId, batch, count, end);
  }

  async fetchCollectResults(operatorId: string, offset: number): Promise<CollectResults> {
    return this.collectBuffer(operatorId).fetch(offset, () => this.status.state);
  }

  /**
   * Releases every slot and forgets the resource requirement (idempotent). A job that has not
   * ended is SUSPENDED (the JobManager shuts down): freeing its slots stops its tasks.
   */
  async close(): Promise<void> {
    clearTimeout(this.slotTimer);
    clearTimeout(this.restartTimer);
    this.heartbeats.stop();
    this.checkpoints?.stop('the JobManager is shutting down');
    if (!GLOBALLY_TERMINAL_JOB_STATUSES.has(this.status.state) && this.status.canTransitionTo('SUSPENDED')) {
      this.status.transitionTo('SUSPENDED', 'the JobManager is shutting down');
    }
    await this.releaseSlots();
  }

  private deploy(): void {
    if (this.deployed || this.status.state !== 'RUNNING') return;
    this.deployed = true;
    clearTimeout(this.slotTimer);
    this.waitingForSlotsSince = undefined;
    for (const [, executions] of this.graph.byVertex) {
      for (const e of executions) e.slot = this.slots[e.subtaskIndex];
    }
    const taskJobConfig = { ...this.graph.jobGraph.config, ...this.taskConfigOverrides };
    this.rescales.end('SUCCEEDED', this.graph.jobGraph.vertices);
    for (const e of this.graph.all()) {
      this.transition(e, 'DEPLOYING');
      const tdd = createDeploymentDescriptor(this.graph, e, taskJobConfig, this.restore?.(e.vertex.id, e.subtaskIndex));
      (e.slot as HeldSlot).taskExecutor.submitTask(tdd).catch((err: unknown) => {
        void this.updateTaskExecutionState({
          jobId: this.jobId,
          executionAttemptId: e.attemptId,
          state: 'FAILED',
          error: { code: ErrorCode.TASK_FAILED, kind: 'external', retryable: true, message: `Could not deploy ${e.vertex.name} (${e.subtaskIndex + 1}/${e.vertex.parallelism}): ${errorMessage(err)}` },
        });
      });
    }
    this.graph.touch();
  }

  private checkCompletion(): void {
    const all = this.graph.all();
    if (!all.every((e) => e.isTerminal)) return;
    const state = this.status.state;
    // While a rescale's savepoint is taken, tasks that end may be ending for it: the rescale decides.
    if (state === 'RUNNING' && this.deployed && all.every((e) => e.state === 'FINISHED')) {
      if (!this.rescales.inProgress) this.status.transitionTo('FINISHED');
    }
    else if (state === 'CANCELLING') this.status.transitionTo('CANCELED');
    else if (state === 'FAILING') this.status.transitionTo('FAILED');
    else if (state === 'RESTARTING' && this.pendingRescale) {
      const next = this.pendingRescale;
      this.pendingRescale = undefined;
      void this.deployRescaled(next.jobGraph, next.savepoint);
    } else if (state === 'RESTARTING' && this.pendingRestartDelayMs !== undefined) {
      // Every task of the failed round has stopped: start the next round after the backoff.
      const delay = this.pendingRestartDelayMs;
      this.pendingRestartDelayMs = undefined;
      this.restartTimer = setTimeout(() => void this.restart(), delay);
    }
  }

  /**
   * A failure of the running job: recorded in the exception history, then, as the restart
   * strategy says, the job restarts (every task of this round is cancelled first) or fails.
   */
  private handleFailure(err: Error, e?: Execution): void {
    const state = this.status.state;
    // Failures of tasks being cancelled for a restart, a cancel or a failure add nothing.
    if (state !== 'RUNNING') return;
    this.recordException(err, e);
    this.rescales.end('JOB_FAILOVER_RESTARTING', this.graph.jobGraph.vertices, err);
    const strategy = this.opts.restartStrategy;
    strategy.notifyFailure(Date.now());
    if (!strategy.canRestart()) {
      this.failJob(strategy.restarts ? suppressedRecovery(err, strategy.description) : err, false);
      return;
    }
    this.graph.setFailureCause(err);
    this.checkpoints?.stop('the job is restarting');
    this.status.transitionTo('RESTARTING', err.message);
    this.pendingRestartDelayMs = strategy.backoffTimeMs();
    this.cancelRunningTasks();
    this.checkCompletion();
  }

  /**
   * The next round: new attempts of every subtask, on the slots still held plus new ones,
   * restoring the latest completed checkpoint that reads back intact (none yet: the snapshot the
   * job started from, if any). Skipped ones go into the exception history; when every retained
   * one is damaged the job fails.
   */
  private async restart(): Promise<void> {
    if (this.status.state !== 'RESTARTING') return;
    if (this.checkpoints) {
      try {
        const latest = await this.checkpoints.restoreLatest((err) => this.recordException(err));
        // The job's own checkpoint holds exactly its operators; one older than a rescale's savepoint is superseded by it.
        if (latest && latest.checkpointId > this.rescaledFrom) this.restore = assignSnapshotState(latest, this.graph.jobGraph.vertices, false);
      } catch (err) {
        if (this.status.state !== 'RESTARTING') return;
        this.recordException(err as Error);
        this.graph.setFailureCause(err);
        this.status.transitionTo('FAILED', errorMessage(err));
        return;
      }
      if (this.status.state !== 'RESTARTING') return;
    }
    this.graph.resetForRestart();
    this.deployed = false;
    this.status.transitionTo('RUNNING');
    this.schedule();
  }

  private failJob(err: Error, record = true): void {
    if (!this.status.canTransitionTo('FAILING')) return;
    if (record && this.graph.exceptionHistory.length === 0) this.recordException(err);
    this.graph.setFailureCause(err);
    clearTimeout(this.restartTimer);
    this.pendingRestartDelayMs = undefined;
    this.checkpoints?.stop('the job is failing');
    this.status.transitionTo('FAILING', err.message);
    this.cancelRunningTasks();
    this.checkCompletion();
  }

  private cancelRunningTasks(): void {
    for (const e of this.graph.all()) {
      // A CANCELING attempt has its cancel call under way already.
      if (e.isTerminal || e.state === 'CANCELING') continue;
      const slot = e.slot as HeldSlot | undefined;
      if (!slot || e.state === 'SCHEDULED' || e.state === 'CREATED') {
        this.transition(e, 'CANCELED');
        continue;
      }
      this.transition(e, 'CANCELING');
      slot.taskExecutor.cancelTask(e.attemptId).catch(() => {
        // The TaskExecutor is gone, so is the task.
        this.transition(e, 'CANCELED');
        this.checkCompletion();
      });
    }
    this.graph.touch();
  }

  /**
   * The one place where an attempt changes state, whether the JobMaster decides it or a
   * TaskExecutor reports it: the transition table decides; what it refuses (a duplicate, a late
   * report, anything after a terminal state) is logged at debug and ignored. Returns the state
   * entered.
   */
  private transition(e: Execution, requested: ExecutionState): ExecutionState | undefined {
    const from = e.state;
    const entered = e.transitionTo(requested);
    if (entered === undefined) {
      this.opts.log.debug({ executionAttemptId: e.attemptId, from, requested }, `Ignored transition of ${e.vertex.name} (${e.subtaskIndex + 1}/${e.vertex.parallelism}) from ${from} to ${requested}`);
    }
    return entered;
  }

  private recordException(err: Error, e?: Execution): void {
    const history = this.graph.exceptionHistory;
    if (history.length >= this.opts.exceptionHistorySize) {
      history.splice(0, history.length - this.opts.exceptionHistorySize + 1);
      this.graph.exceptionHistoryTruncated = true;
    }
    history.push({
      exceptionName: err instanceof SluiceError ? `${err.name}[${err.code}]` : err.name,
      stacktrace: err.stack ?? err.message,
      timestamp: Date.now(),
      taskName: e ? `${e.vertex.name} (${e.subtaskIndex + 1}/${e.vertex.parallelism})` : undefined,
      endpoint: e?.slot ? `${e.slot.dataAddress.host}:${e.slot.dataAddress.port}` : undefined,
      taskManagerId: e?.slot?.taskManagerId,
    });
  }

  /** Too few slots in time is a failure like any other (Flink's NoResourceAvailableException): the restart strategy decides. */
  private onSlotRequestTimeout(): void {
    if (this.deployed) return;
    this.handleFailure(new SluiceError(
      ErrorCode.SLOT_ALLOCATION_FAILED,
      `Could not acquire the minimum required resources: the job needs ${this.graph.requiredSlots} slots but got ${this.slots.length} within slot.request.timeout (${this.opts.slotRequestTimeoutMs} ms)`,
      { kind: 'external' },
    ));
  }

  /** Resolves with the next status the job enters. */
  private nextStatus(): Promise<JobStatus> {
    return new Promise((resolve) => {
      const listener = (state: JobStatus): void => {
        this.statusListeners.delete(listener);
        resolve(state);
      };
      this.statusListeners.add(listener);
    });
  }

  private onStatusChange(state: JobStatus): void {
    this.graph.touch();
    for (const listener of [...this.statusListeners]) listener(state);
    // A client waiting for collect results learns at once that none may come.
    for (const buffer of this.collectBuffers.values()) buffer.wake();
    if (!GLOBALLY_TERMINAL_JOB_STATUSES.has(state)) return;
    this.rescales.end(RESCALE_ENDED_BY[state] ?? 'JOB_FAILED', this.graph.jobGraph.vertices);
    clearTimeout(this.slotTimer);
    clearTimeout(this.restartTimer);
    this.heartbeats.stop();
    const checkpointsDone = this.checkpoints?.shutdown(state).catch((err: unknown) => this.opts.log.warn({ err: errorMessage(err) }, 'Could not delete the job\'s checkpoints'));
    void Promise.all([this.releaseSlots(), checkpointsDone]).finally(() => this.resolveResult(this.archive()));
  }

  private collectBuffer(operatorId: string): CollectResultBuffer {
    let buffer = this.collectBuffers.get(operatorId);
    if (buffer) return buffer;
    if (!this.graph.jobGraph.vertices.some((v) => v.operators.some((o) => o.operatorId === operatorId && o.kind === 'sink'))) {
      throw SluiceError.user(ErrorCode.NOT_FOUND, `Job ${this.jobId} has no sink operator ${operatorId}`);
    }
    buffer = new CollectResultBuffer((producer, credits) => {
      const slot = this.graph.executions.get(producer)?.slot as HeldSlot | undefined;
      slot?.taskExecutor.grantCollectCredit(producer, credits).catch((err: unknown) => this.opts.log.warn({ err: errorMessage(err) }, 'Could not return collect credit to the sink'));
    });
    this.collectBuffers.set(operatorId, buffer);
    return buffer;
  }

  private async releaseSlots(): Promise<void> {
    const held = this.slots.splice(0);
    const log = this.opts.log;
    await Promise.all([
      this.opts.resourceManager.declareRequiredResources(this.jobId, this.opts.selfAddress, this.opts.jobMasterId, 0).catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'Could not clear resource requirements')),
      ...held.map(async (slot) => {
        await slot.taskExecutor.freeSlot(slot.allocationId, `job ${this.jobId} ${this.status.state}`).catch(() => undefined);
        await this.opts.resourceManager.notifySlotReleased(slot.taskManagerId, slot.allocationId).catch(() => undefined);
      }),
    ]);
  }
}
