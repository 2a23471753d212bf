/**
 * The TaskExecutor: the slot table of a TaskManager, the lifecycle of the tasks deployed into its
 * slots (each slot's tasks run in one worker thread), the routing of data batches between
 * local workers and peer TaskManagers, and of checkpoint triggers, notifications and
 * acknowledgements between the JobMasters and the tasks.
 */
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { ErrorCode, SluiceError, errorMessage, serializeError } from '../common/errors.js';
import type { AllocationId, ExecutionAttemptId, JobId, ResourceId } from '../common/ids.js';
import type { Logger } from '../common/log.js';
import type { LogFileInfo } from '../common/process-info/log-directory.js';
import { ProcessIntrospection, type LogFileSelector } from '../common/process-info/process-introspection.js';
import type { ProcessLogFiles } from '../common/process-info/process-log-files.js';
import type { MetricValue } from '../common/process-info/process-metrics.js';
import type { KnownThread, ThreadInfo } from '../common/process-info/thread-dump.js';
import type { HeartbeatClock } from '../heartbeat/heartbeat-clock.js';
import { HeartbeatManager } from '../heartbeat/heartbeat-manager.js';
import type { CheckpointTrigger } from '../protocol/checkpoints.js';
import type { Address, SlotStatus, TaskDeploymentDescriptor, TaskIOMetrics } from '../protocol/deployment.js';
import { EndpointIds, type GatewayResolver, type JobMasterGateway, type ResourceManagerGateway, type RpcEndpointAddress, type TaskExecutorGateway } from '../protocol/gateways.js';
import { TERMINAL_EXECUTION_STATES } from '../protocol/states.js';
import type { PeerConnectionLost, TcpConnectionManager } from '../network/tcp/index.js';
import type { BlobCache } from './blob-cache.js';
import { SlotWorker } from './slot-worker.js';
import type { BadInput, CheckpointResponse, CollectMessage, FromWorker, Inbound, TaskMessage } from './worker-messages.js';

interface TaskSlot {
  allocationId?: AllocationId;
  jobId?: JobId;
  jobMaster?: JobMasterGateway;
  /** Slots whose workers this slot's worker has a direct port to. */
  peers: Set<AllocationId>;
  worker?: SlotWorker;
}

interface RunningTask {
  slotIndex: number;
  /** `<vertex name> (i/p)`, for thread dumps. */
  taskName: string;
  jobId: JobId;
  jobMaster: JobMasterGateway;
  /** Set when the task was told to cancel: the worker is terminated if it does not stop in time. */
  cancelTimer?: NodeJS.Timeout;
}

export interface TaskExecutorOptions {
  resourceId: ResourceId;
  numberOfSlots: number;
  rpcAddress: Address;
  dataAddress: Address;
  blobCache: BlobCache;
  packageCacheDir: string;
  /** Where tasks keep local state (a RocksDB backend's files): one directory per attempt, deleted when it ends. */
  localStateDir: string;
  /** The TCP data plane to peer TaskManagers. */
  network: TcpConnectionManager;
  gateways: GatewayResolver;
  /** Heap limits of each slot's task worker thread. */
  workerResourceLimits: { maxYoungGenerationSizeMb?: number; maxOldGenerationSizeMb?: number };
  /** The fencing token of the ResourceManager this TaskExecutor is registered with. */
  resourceManagerId: () => string | undefined;
  /** The ResourceManager, told at once when a slot is freed here (else it learns with the next heartbeat). */
  resourceManager: () => ResourceManagerGateway;
  /** A job whose JobMaster is silent this long loses its slots here (its tasks are cancelled). */
  jobManagerHeartbeatTimeoutMs: number;
  heartbeatClock?: HeartbeatClock;
  /** `task.cancellation.timeout` (0: never terminate a worker for a slow cancellation). */
  cancellationTimeoutMs: number;
  /** `task.watchdog.timeout` (0: never terminate a silent worker). */
  watchdogTimeoutMs: number;
  /** `blob.service.cleanup.interval`: how long a package no job here runs stays cached. */
  packageRetentionMs: number;
  /** The process's log and .out files served through the REST API; absent in a mini cluster. */
  logFiles?: ProcessLogFiles;
  log: Logger;
}

export class TaskExecutor implements TaskExecutorGateway {
  private readonly slots: TaskSlot[];
  private readonly tasks = new Map<ExecutionAttemptId, RunningTask>();
  /** The package (blob key) of each job with tasks here, to release the cached package after the job. */
  private readonly jobPackages = new Map<JobId, string>();
  /** Attempts that ended here, per job holding slots: a peer's batch for one is bad input. */
  private readonly endedAttempts = new Map<JobId, Set<ExecutionAttemptId>>();

  /**
   * The JobMasters of the jobs holding slots here, by job id: each heartbeat request is answered
   * with the job's allocations; a JobMaster silent for the timeout loses the job's slots.
   */
  private readonly jobManagerHeartbeats: HeartbeatManager<void, AllocationId[]>;
  private watchdogTimer?: NodeJS.Timeout;
  /**
   * Per slot, a worker thread started ahead of the slot's next job: starting a thread and loading
   * the task runtime then happens while the slot is free, not when the job's tasks arrive.
   */
  private readonly spareWorkers: (SlotWorker | undefined)[] = [];
  private shuttingDown = false;
  private readonly introspection: ProcessIntrospection;

  constructor(private readonly opts: TaskExecutorOptions) {
    this.slots = Array.from({ length: opts.numberOfSlots }, () => ({ peers: new Set<AllocationId>() }));
    this.introspection = new ProcessIntrospection({ owner: `TaskManager ${opts.resourceId}`, logFiles: opts.logFiles, knownThreads: () => this.workerThreads() });
    this.jobManagerHeartbeats = new HeartbeatManager({
      timeoutMs: opts.jobManagerHeartbeatTimeoutMs,
      clock: opts.heartbeatClock,
      listener: {
        notifyHeartbeatTimeout: (jobId) => this.jobManagerTimedOut(jobId),
        retrievePayload: (jobId) => this.slots.filter((s) => s.jobId === jobId).map((s) => s.allocationId!),
      },
    });
  }

  /** Starts the worker watchdog and a spare worker per slot. */
  start(): void {
    const watchdogMs = this.opts.watchdogTimeoutMs;
    if (watchdogMs > 0) {
      this.watchdogTimer = setInterval(() => this.checkWorkers(), Math.max(100, Math.floor(watchdogMs / 5)));
      this.watchdogTimer.unref();
    }
    this.slots.forEach((_, i) => this.prepareSpareWorker(i));
  }

  /** The slot report sent with heartbeats. */
  slotReport(): SlotStatus[] {
    const assigned = new Array<number>(this.slots.length).fill(0);
    for (const task of this.tasks.values()) assigned[task.slotIndex]! += 1;
    return this.slots.map((s, slotIndex) => ({ slotIndex, allocationId: s.allocationId, jobId: s.jobId, assignedTasks: assigned[slotIndex]! }));
  }

  async requestSlot(slotIndex: number, jobId: JobId, allocationId: AllocationId, jobMaster: RpcEndpointAddress, jobMasterId: string, resourceManagerId: string): Promise<void> {
    if (resourceManagerId !== this.opts.resourceManagerId()) {
      throw new SluiceError(ErrorCode.FENCING_TOKEN_MISMATCH, `Slot request from ResourceManager ${resourceManagerId}, but this TaskManager is registered with ${this.opts.resourceManagerId() ?? 'none'}`);
    }
    const slot = this.slots[slotIndex];
    if (!slot) throw new SluiceError(ErrorCode.SLOT_ALLOCATION_FAILED, `TaskManager ${this.opts.resourceId} has no slot ${slotIndex}`);
    if (slot.allocationId === allocationId) return;
    if (slot.allocationId !== undefined) throw new SluiceError(ErrorCode.SLOT_ALLOCATION_FAILED, `Slot ${slotIndex} of TaskManager ${this.opts.resourceId} is already allocated`);
    const gateway = this.opts.gateways<JobMasterGateway>(jobMaster, jobMasterId);
    Object.assign(slot, { allocationId, jobId, jobMaster: gateway });
    this.jobManagerHeartbeats.monitorTarget(jobId);
    this.opts.log.info({ slotIndex, jobId, allocationId }, 'Slot allocated');
    // Offer after answering the ResourceManager, as Flink does, so neither call waits on the other.
    setImmediate(() => void this.offerSlot(slotIndex, gateway, allocationId));
  }

  async submitTask(tdd: TaskDeploymentDescriptor): Promise<void> {
    const slotIndex = this.slots.findIndex((s) => s.allocationId === tdd.allocationId);
    const slot = this.slots[slotIndex];
    if (!slot?.jobMaster) throw new SluiceError(ErrorCode.SLOT_ALLOCATION_FAILED, `No slot with allocation ${tdd.allocationId} on TaskManager ${this.opts.resourceId}`);
    this.jobPackages.set(tdd.jobId, tdd.program.blobKey);
    const packagePath = await this.opts.blobCache.getFile(tdd.program.blobKey);
    if (slot.allocationId !== tdd.allocationId) throw new SluiceError(ErrorCode.SLOT_ALLOCATION_FAILED, `Slot ${slotIndex} was freed while task ${tdd.taskName} was being deployed`);
    this.startJobWorkers(tdd.jobId);
    this.opts.network.enterRound(tdd.jobId, tdd.attemptNumber);
    const worker = slot.worker!;
    // As Flink's TaskExecutor logs it: the attempt and slot ids name the task in later log lines and on the wire.
    this.opts.log.info({ jobId: tdd.jobId, executionAttemptId: tdd.executionAttemptId, allocationId: tdd.allocationId, taskName: tdd.taskName }, `Received task ${tdd.taskName} (${tdd.executionAttemptId}), deploy into slot with allocation id ${tdd.allocationId}.`);
    this.tasks.set(tdd.executionAttemptId, { slotIndex, taskName: tdd.taskName, jobId: tdd.jobId, jobMaster: slot.jobMaster });
    worker.post({ t: 'deploy', tdd, packagePath, cacheDir: this.opts.packageCacheDir, localStateDir: join(this.opts.localStateDir, tdd.executionAttemptId) });
  }

  async cancelTask(executionAttemptId: ExecutionAttemptId): Promise<void> {
    const task = this.tasks.get(executionAttemptId);
    if (!task) return;
    this.slots[task.slotIndex]!.worker?.post({ t: 'cancel', jobId: task.jobId, executionAttemptId });
    const timeout = this.opts.cancellationTimeoutMs;
    if (timeout > 0 && !task.cancelTimer) {
      task.cancelTimer = setTimeout(() => void this.terminateStuckWorker(executionAttemptId), timeout);
      task.cancelTimer.unref();
    }
  }

  async heartbeatFromJobManager(jobId: JobId): Promise<AllocationId[]> {
    return this.jobManagerHeartbeats.requestHeartbeat(jobId) ?? [];
  }

  /**
   * A cancelled task that has not stopped within task.cancellation.timeout (a user function
   * stuck in a loop never returns to read the cancel message): its worker thread is terminated,
   * which ends every task of the slot. They are reported FAILED with that reason; the JobMaster's
   * state table makes CANCELED of those it was cancelling, and fails over the others.
   */
  private async terminateStuckWorker(executionAttemptId: ExecutionAttemptId): Promise<void> {
    const task = this.tasks.get(executionAttemptId);
    if (!task) return;
    const slot = this.slots[task.slotIndex]!;
    this.opts.log.warn({ executionAttemptId, slotIndex: task.slotIndex, timeoutMs: this.opts.cancellationTimeoutMs }, 'Task did not stop within task.cancellation.timeout; terminating its worker thread');
    const worker = slot.worker;
    this.detachWorker(task.slotIndex);
    this.failTasksOfSlot(task.slotIndex, new Error(`task ${task.taskName} did not stop within ${this.opts.cancellationTimeoutMs} ms of being cancelled (task.cancellation.timeout)`), 'was terminated');
    await worker?.terminate();
  }

  /**
   * Terminates task workers that have been silent for task.watchdog.timeout: a user function
   * blocks the thread's event loop (an endless loop, a synchronous wait), so its tasks can neither
   * make progress nor be cancelled. They fail, and the job goes on as its restart strategy says.
   */
  private checkWorkers(): void {
    const timeout = this.opts.watchdogTimeoutMs;
    this.slots.forEach((slot, slotIndex) => {
      const worker = slot.worker;
      if (!worker || Date.now() - worker.lastHeardFrom <= timeout) return;
      if (![...this.tasks.values()].some((t) => t.slotIndex === slotIndex)) return;
      this.opts.log.warn({ slotIndex, timeoutMs: timeout }, 'Task worker is blocked; terminating it');
      this.detachWorker(slotIndex);
      this.failTasksOfSlot(slotIndex, new Error(`it did not respond for ${timeout} ms (task.watchdog.timeout): a user function blocks the thread's event loop`), 'was terminated');
      void worker.terminate();
    });
  }

  /** Frees the slots of a job whose JobMaster has been silent for the heartbeat timeout. */
  private jobManagerTimedOut(jobId: JobId): void {
    for (const slot of this.slots) {
      if (slot.jobId !== jobId) continue;
      void this.freeSlot(slot.allocationId!, `the JobManager of job ${jobId} did not send a heartbeat for ${this.opts.jobManagerHeartbeatTimeoutMs} ms`);
    }
  }

  private removeTask(id: ExecutionAttemptId): void {
    const task = this.tasks.get(id);
    if (!task) return;
    clearTimeout(task.cancelTimer);
    this.tasks.delete(id);
    let ended = this.endedAttempts.get(task.jobId);
    if (!ended) this.endedAttempts.set(task.jobId, (ended = new Set()));
    ended.add(id);
  }

  /** Forgets a slot's worker and its ports to other workers (a new worker gets new ones). */
  private detachWorker(slotIndex: number): void {
    const slot = this.slots[slotIndex]!;
    slot.worker = undefined;
    const allocationId = slot.allocationId;
    if (allocationId !== undefined) for (const other of this.slots) other.peers.delete(allocationId);
    slot.peers.clear();
  }

  async freeSlot(allocationId: AllocationId, reason: string): Promise<void> {
    const slotIndex = this.slots.findIndex((s) => s.allocationId === allocationId);
    if (slotIndex < 0) return;
    const slot = this.slots[slotIndex]!;
    const jobId = slot.jobId;
    this.opts.log.info({ slotIndex, allocationId, reason }, 'Freeing slot');
    const worker = slot.worker;
    this.slots[slotIndex] = { peers: new Set() };
    for (const [id, t] of this.tasks) if (t.slotIndex === slotIndex) this.removeTask(id);
    const jobLeft = jobId !== undefined && !this.slots.some((s) => s.jobId === jobId);
    if (jobLeft) {
      this.jobManagerHeartbeats.unmonitorTarget(jobId);
      this.endedAttempts.delete(jobId);
      this.opts.network.closeJob(jobId);
    }
    if (this.opts.resourceManagerId() !== undefined) {
      this.opts.resourceManager().notifySlotReleased(this.opts.resourceId, allocationId).catch(() => undefined);
    }
    await worker?.terminate();
    this.prepareSpareWorker(slotIndex);
    if (jobLeft) await this.releasePackage(jobId);
  }

  private prepareSpareWorker(slotIndex: number): void {
    if (!this.shuttingDown && !this.spareWorkers[slotIndex]) this.spareWorkers[slotIndex] = this.startWorker(slotIndex);
  }

  private takeWorker(slotIndex: number): SlotWorker {
    const spare = this.spareWorkers[slotIndex];
    this.spareWorkers[slotIndex] = undefined;
    return spare ?? this.startWorker(slotIndex);
  }

  /**
   * The job no longer runs here: its cached package (blob and unpacked copy) is deleted after
   * the retention time, unless a job here runs the same package by then.
   */
  private async releasePackage(jobId: JobId): Promise<void> {
    const key = this.jobPackages.get(jobId);
    this.jobPackages.delete(jobId);
    if (key === undefined) return;
    const timer = setTimeout(() => {
      if ([...this.jobPackages.values()].includes(key)) return;
      this.opts.blobCache.delete(key, [join(this.opts.packageCacheDir, key)]).catch((err: unknown) => this.opts.log.warn({ key, err: errorMessage(err) }, 'Could not delete a cached job package'));
    }, this.opts.packageRetentionMs);
    timer.unref();
  }

  /**
   * Hands a buffer or credit addressed to a task of this TaskManager (from a local worker or a
   * peer) to the worker of the slot it names, starting the job's workers if the task has not been
   * deployed yet: that worker's input gate keeps it until the task runs. A message for a slot
   * this job does not hold here (freed, or of a round that was restarted) is dropped.
   */
  deliverLocal(msg: TaskMessage): void {
    const slot = this.slots.find((s) => s.allocationId === msg.toAllocation);
    if (!slot || slot.jobId !== msg.jobId) return;
    if (!slot.worker) this.startJobWorkers(msg.jobId);
    slot.worker!.post(msg);
  }

  /**
   * A batch or credit from a peer TaskManager, on inbound connection `via`. A channel this
   * TaskManager does not hold for the job (the allocation is not the job's here), or a batch for
   * an attempt that ended here, is bad input: the connection is closed. Credit for a producer
   * that ended is normal (the consumer still returns buffers) and dropped.
   */
  onPeerMessage(msg: TaskMessage, via: number): void {
    if (!this.slots.some((s) => s.allocationId === msg.toAllocation && s.jobId === msg.jobId)) {
      this.opts.network.closeInbound(via, `unknown channel: slot allocation ${msg.toAllocation} is not held by job ${msg.jobId} on this TaskManager`);
      return;
    }
    if (msg.t === 'data' && this.endedAttempts.get(msg.jobId)?.has(msg.to)) {
      this.opts.network.closeInbound(via, `a batch for task attempt ${msg.to} (edge ${msg.edge}, producer ${msg.from}), which has ended here`);
      return;
    }
    // The worker names `via` when it refuses the message (an unknown edge or producer).
    const inbound: TaskMessage & Inbound = { ...msg, via };
    this.deliverLocal(inbound);
  }

  /**
   * A connection of a job with a peer closed for bad input or lost: the job's tasks here with
   * channels from or to that peer fail (the worker decides which), and the job fails over.
   */
  onPeerLost(lost: PeerConnectionLost): void {
    // As in Flink, a producer does not fail because its consumer's TaskManager ended the
    // connection: that side fails over its own tasks (bad input) or is lost to the JobMaster
    // (a crash), which then fails the tasks it ran, naming it.
    if (lost.endedByPeer) return;
    const reason = `the data connection with TaskManager ${lost.taskManagerId} was closed: ${lost.reason}`;
    for (const slot of this.slots) if (slot.jobId === lost.jobId) slot.worker?.post({ t: 'peerLost', jobId: lost.jobId, taskManagerId: lost.taskManagerId, reason });
  }

  /** A worker refused a message (an unknown edge or producer, input after its channel ended). */
  private onBadInput(msg: BadInput): void {
    if (msg.via !== undefined) this.opts.network.closeInbound(msg.via, msg.reason);
    else this.opts.log.warn({ jobId: msg.jobId, reason: msg.reason }, `A task worker refused a message from this TaskManager: ${msg.reason}`);
  }

  async grantCollectCredit(executionAttemptId: ExecutionAttemptId, credits: number): Promise<void> {
    const task = this.tasks.get(executionAttemptId);
    if (task) this.slots[task.slotIndex]!.worker?.post({ t: 'collectCredit', executionAttemptId, credits });
  }

  /**
   * Routes a trigger to the attempt's worker, which declines it if the task is not running. An
   * attempt that ended here is declined at once to its job's JobMaster; one this TaskExecutor
   * never ran is an error (there is no JobMaster to tell).
   */
  async triggerCheckpoint(executionAttemptId: ExecutionAttemptId, trigger: CheckpointTrigger): Promise<void> {
    const task = this.tasks.get(executionAttemptId);
    const worker = task && this.slots[task.slotIndex]!.worker;
    if (worker) return worker.post({ t: 'triggerCheckpoint', executionAttemptId, trigger });
    const reason = new SluiceError(ErrorCode.CHECKPOINT_DECLINED, `Checkpoint ${trigger.checkpointId} was triggered at task attempt ${executionAttemptId}, which is not running on TaskManager ${this.opts.resourceId}`);
    const jobMaster = task?.jobMaster ?? this.jobMasterOfEndedAttempt(executionAttemptId);
    if (!jobMaster) throw reason;
    await jobMaster.declineCheckpoint(executionAttemptId, { checkpointId: trigger.checkpointId, reason: serializeError(reason) });
  }

  /** Tells the attempt's operators; an attempt that is not running here is ignored. */
  async notifyCheckpointComplete(executionAttemptId: ExecutionAttemptId, checkpointId: number): Promise<void> {
    this.notifyCheckpoint(executionAttemptId, checkpointId, true);
  }

  /** Tells the attempt (it stops aligning for the checkpoint); an attempt that is not running here is ignored. */
  async notifyCheckpointAborted(executionAttemptId: ExecutionAttemptId, checkpointId: number): Promise<void> {
    this.notifyCheckpoint(executionAttemptId, checkpointId, false);
  }

  private notifyCheckpoint(executionAttemptId: ExecutionAttemptId, checkpointId: number, completed: boolean): void {
    const task = this.tasks.get(executionAttemptId);
    if (task) this.slots[task.slotIndex]!.worker?.post({ t: 'checkpointNotification', executionAttemptId, checkpointId, completed });
  }

  /** The JobMaster of the job an ended attempt belonged to, while that job holds slots here. */
  private jobMasterOfEndedAttempt(executionAttemptId: ExecutionAttemptId): JobMasterGateway | undefined {
    for (const [jobId, ended] of this.endedAttempts) {
      if (ended.has(executionAttemptId)) return this.slots.find((s) => s.jobId === jobId)?.jobMaster;
    }
    return undefined;
  }

  /** Hands a task's checkpoint acknowledgement or decline to its JobMaster. */
  private forwardCheckpointResponse(msg: CheckpointResponse): void {
    const task = this.tasks.get(msg.executionAttemptId);
    if (!task) return;
    const sent = msg.t === 'checkpointAck'
      ? task.jobMaster.acknowledgeCheckpoint(msg.executionAttemptId, msg.ack)
      : task.jobMaster.declineCheckpoint(msg.executionAttemptId, msg.decline);
    sent.catch((err: unknown) => this.opts.log.warn({ executionAttemptId: msg.executionAttemptId, err: errorMessage(err) }, 'Could not report a checkpoint to the JobMaster'));
  }

  requestLogList(): Promise<LogFileInfo[]> {
    return this.introspection.requestLogList();
  }

  requestLogFileInfo(file: LogFileSelector): Promise<LogFileInfo> {
    return this.introspection.requestLogFileInfo(file);
  }

  readLogFile(name: string, offset: number, length: number): Promise<Uint8Array> {
    return this.introspection.readLogFile(name, offset, length);
  }

  requestThreadDump(): Promise<ThreadInfo[]> {
    return this.introspection.requestThreadDump();
  }

  requestMetrics(): Promise<MetricValue[]> {
    return this.introspection.requestMetrics();
  }

  /** The slot workers, named by slot and the tasks they run, for thread dumps. */
  private workerThreads(): KnownThread[] {
    const threads: KnownThread[] = [];
    this.slots.forEach((slot, i) => {
      const tasks = [...this.tasks.values()].filter((t) => t.slotIndex === i).map((t) => t.taskName);
      if (slot.worker) threads.push(slot.worker.thread(`Task worker of slot ${i} (job ${slot.jobId}): ${tasks.join(', ') || 'no tasks'}`));
    });
    this.spareWorkers.forEach((w, i) => w && threads.push(w.thread(`Spare task worker of slot ${i}`)));
    return threads;
  }

  /** Stops every worker (TaskManager shutdown). */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.watchdogTimer);
    this.jobManagerHeartbeats.stop();
    for (const id of [...this.tasks.keys()]) this.removeTask(id);
    const spares = this.spareWorkers.splice(0);
    await Promise.all([...this.slots.map((s) => s.worker?.terminate()), ...spares.map((w) => w?.terminate())]);
  }

  private async offerSlot(slotIndex: number, jobMaster: JobMasterGateway, allocationId: AllocationId): Promise<void> {
    const self: RpcEndpointAddress = { address: this.opts.rpcAddress, endpointId: EndpointIds.TASK_EXECUTOR };
    try {
      const accepted = await jobMaster.offerSlots(this.opts.resourceId, self, this.opts.dataAddress, [{ allocationId, slotIndex }]);
      if (accepted.some((o) => o.allocationId === allocationId)) return;
      await this.freeSlot(allocationId, 'the JobMaster declined the slot');
    } catch (err) {
      this.opts.log.warn({ slotIndex, err: errorMessage(err) }, 'Offering a slot to the JobMaster failed');
      await this.freeSlot(allocationId, `offer failed: ${errorMessage(err)}`);
    }
  }

  /**
   * Starts the workers of every slot this job holds here and connects each pair with a
   * MessageChannel, before the job's first task is deployed or its first buffer arrives: batches
   * between slots of one TaskManager then go worker to worker, without this thread in between.
   * (The JobMaster deploys only once it holds all its slots, so they are all known now.)
   */
  private startJobWorkers(jobId: JobId): void {
    const slots = this.slots.map((s, i) => [s, i] as const).filter(([s]) => s.jobId === jobId);
    for (const [slot, i] of slots) slot.worker ??= this.takeWorker(i);
    for (const [a] of slots) {
      for (const [b] of slots) {
        if (a === b || a.peers.has(b.allocationId!)) continue;
        const channel = new MessageChannel();
        a.worker!.connect(b.allocationId!, channel.port1);
        b.worker!.connect(a.allocationId!, channel.port2);
        a.peers.add(b.allocationId!);
        b.peers.add(a.allocationId!);
      }
    }
  }

  private startWorker(slotIndex: number): SlotWorker {
    const worker = new SlotWorker({
      onMessage: (msg) => this.onWorkerMessage(msg),
      onExit: (error) => {
        if (this.spareWorkers[slotIndex] === worker) {
          // A spare has no tasks; the next job starts a worker of its own.
          this.spareWorkers[slotIndex] = undefined;
          if (error) this.opts.log.warn({ slotIndex, err: error.message }, 'A spare task worker died');
          return;
        }
        if (this.slots[slotIndex]?.worker === worker) this.detachWorker(slotIndex);
        if (error) this.failTasksOfSlot(slotIndex, error);
      },
    }, this.opts.workerResourceLimits);
    return worker;
  }

  private onWorkerMessage(msg: FromWorker): void {
    switch (msg.t) {
      case 'out':
        if (msg.dest.taskManagerId === this.opts.resourceId) this.deliverLocal(msg.msg);
        else this.opts.network.send(msg.dest, msg.msg);
        return;
      case 'badInput':
        this.onBadInput(msg);
        return;
      case 'print':
        // Synchronous for files and pipes on Linux: written before a later FINISHED is forwarded.
        (msg.stderr ? process.stderr : process.stdout).write(msg.text);
        return;
      case 'metrics':
        this.forwardMetrics(msg.updates);
        return;
      case 'alive':
        return;
      case 'log':
        this.opts.log[msg.level](msg.fields, msg.text);
        return;
      case 'collect':
        this.forwardCollectResults(msg);
        return;
      case 'checkpointAck':
      case 'checkpointDecline':
        this.forwardCheckpointResponse(msg);
        return;
      case 'state': {
        const task = this.tasks.get(msg.executionAttemptId);
        if (!task) return;
        if (TERMINAL_EXECUTION_STATES.has(msg.state)) this.removeTask(msg.executionAttemptId);
        task.jobMaster
          .updateTaskExecutionState({ jobId: task.jobId, executionAttemptId: msg.executionAttemptId, state: msg.state, error: msg.error, metrics: msg.metrics })
          .catch((err: unknown) => this.opts.log.warn({ err: errorMessage(err) }, 'Could not report a task state to the JobMaster'));
      }
    }
  }

  /** One call per JobMaster for a worker's periodic metrics. */
  private forwardMetrics(updates: { jobId: string; executionAttemptId: string; metrics: TaskIOMetrics }[]): void {
    const byJobMaster = new Map<JobMasterGateway, { executionAttemptId: string; metrics: TaskIOMetrics }[]>();
    for (const u of updates) {
      const jobMaster = this.tasks.get(u.executionAttemptId)?.jobMaster;
      if (!jobMaster) continue;
      let list = byJobMaster.get(jobMaster);
      if (!list) byJobMaster.set(jobMaster, (list = []));
      list.push({ executionAttemptId: u.executionAttemptId, metrics: u.metrics });
    }
    for (const [jobMaster, list] of byJobMaster) jobMaster.reportTaskMetrics(list).catch(() => undefined);
  }

  /** Hands a collect sink's batch to its JobMaster; calls go out in order, so batches arrive in order. */
  private forwardCollectResults(msg: CollectMessage): void {
    const task = this.tasks.get(msg.executionAttemptId);
    task?.jobMaster
      .addCollectResults(msg.executionAttemptId, msg.operatorId, msg.bytes, msg.count, msg.end)
      .catch((err: unknown) => this.opts.log.warn({ err: errorMessage(err) }, 'Could not hand collect results to the JobMaster'));
  }

  private failTasksOfSlot(slotIndex: number, error: Error, what = 'died'): void {
    this.opts.log.error({ slotIndex, err: error.message }, `Task worker ${what}`);
    const cause = new SluiceError(ErrorCode.TASK_FAILED, `The task worker of slot ${slotIndex} on TaskManager ${this.opts.resourceId} ${what}: ${error.message}`, { kind: 'user', cause: error });
    this.endTasksOfSlot(slotIndex, cause);
  }

  /** The slot's worker is gone: every task it ran is reported FAILED with `cause` to its JobMaster. */
  private endTasksOfSlot(slotIndex: number, cause: SluiceError): void {
    const error = serializeError(cause);
    for (const [id, task] of this.tasks) {
      if (task.slotIndex !== slotIndex) continue;
      this.removeTask(id);
      void task.jobMaster.updateTaskExecutionState({ jobId: task.jobId, executionAttemptId: id, state: 'FAILED', error }).catch(() => undefined);
    }
  }
}
