/**
 * The JobMaster of one job: declares the slots the job needs, accepts slots offered by
 * TaskExecutors, deploys every subtask once all slots are there (slot sharing: subtask i of
 * every vertex shares slot i), tracks task states and drives the job status machine.
 */
import { deserializeError, errorMessage, ErrorCode, serializeError, SluiceError } from '../common/errors.js';
import type { ExecutionAttemptId, ResourceId } from '../common/ids.js';
import type { Logger } from '../common/log.js';
import type { CollectResults } from '../protocol/collect-results.js';
import type { ArchivedExecutionGraph } from '../protocol/execution-graph-info.js';
import type { JobGraph } from '../protocol/job-graph.js';
import type { Address, SlotOffer, TaskExecutionState, TaskIOMetrics } from '../protocol/deployment.js';
import type { GatewayResolver, JobMasterGateway, ResourceManagerGateway, RpcEndpointAddress, TaskExecutorGateway } from '../protocol/gateways.js';
import { GLOBALLY_TERMINAL_JOB_STATUSES, type JobStatus } from '../protocol/states.js';
import { CollectResultBuffer } from './collect-result-buffer.js';
import { createDeploymentDescriptor } from './deployment-descriptors.js';
import { ExecutionGraph, type Execution, type PhysicalSlot } from './execution-graph.js';
import { JobStatusMachine } from './job-status-machine.js';

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
  log: Logger;
}

interface HeldSlot extends PhysicalSlot {
  taskExecutor: TaskExecutorGateway;
}

export class JobMaster implements JobMasterGateway {
  private readonly graph: ExecutionGraph;
  private readonly status: JobStatusMachine;
  private readonly slots: HeldSlot[] = [];
  private slotTimer?: NodeJS.Timeout;
  private deployed = false;
  /** Results of the job's collect sinks (executeAndCollect) by operator id, until the client fetches them. */
  private readonly collectBuffers = new Map<string, CollectResultBuffer>();
  private resolveResult!: (g: ArchivedExecutionGraph) => void;
  /** Resolves with the final snapshot once the job is globally terminal. */
  readonly resultFuture: Promise<ArchivedExecutionGraph>;

  constructor(private readonly opts: JobMasterOptions) {
    this.graph = new ExecutionGraph(opts.jobGraph);
    this.status = new JobStatusMachine(opts.jobGraph.jobId, opts.initializationTimestamp, opts.log, (s) => this.onStatusChange(s));
    this.resultFuture = new Promise((resolve) => (this.resolveResult = resolve));
  }

  get jobId(): string {
    return this.opts.jobGraph.jobId;
  }

  get jobStatus(): JobStatus {
    return this.status.state;
  }

  /** Creates the execution graph and starts scheduling (asks the ResourceManager for slots). */
  start(): void {
    this.status.transitionTo('CREATED');
    this.status.transitionTo('RUNNING');
    for (const e of this.graph.all()) e.transitionTo('SCHEDULED');
    this.graph.touch();
    const required = this.graph.requiredSlots;
    this.slotTimer = setTimeout(() => this.onSlotRequestTimeout(), this.opts.slotRequestTimeoutMs);
    this.opts.resourceManager
      .declareRequiredResources(this.jobId, this.opts.selfAddress, this.opts.jobMasterId, required)
      .catch((err: unknown) => this.failJob(new SluiceError(ErrorCode.SLOT_ALLOCATION_FAILED, `Could not declare resources to the ResourceManager: ${errorMessage(err)}`)));
  }

  async offerSlots(taskManagerId: ResourceId, taskExecutor: RpcEndpointAddress, dataAddress: Address, offers: SlotOffer[]): Promise<SlotOffer[]> {
    if (this.deployed || this.status.state !== 'RUNNING') return [];
    const gateway = this.opts.gateways<TaskExecutorGateway>(taskExecutor);
    const accepted: SlotOffer[] = [];
    for (const offer of offers) {
      if (this.slots.length >= this.graph.requiredSlots) break;
      if (this.slots.some((s) => s.allocationId === offer.allocationId)) continue;
      this.slots.push({ ...offer, taskManagerId, dataAddress, sharedSlotIndex: this.slots.length, taskExecutor: gateway });
      accepted.push(offer);
    }
    if (this.slots.length === this.graph.requiredSlots) setImmediate(() => this.deploy());
    return accepted;
  }

  async updateTaskExecutionState(update: TaskExecutionState): Promise<void> {
    const e = this.graph.executions.get(update.executionAttemptId);
    if (!e) return;
    if (update.metrics) e.metrics = update.metrics;
    if (!e.transitionTo(update.state)) return;
    this.graph.touch();
    if (update.state === 'FAILED') {
      const err = update.error ? deserializeError(update.error) : new SluiceError(ErrorCode.TASK_FAILED, 'Task failed without a cause');
      e.failureCause = err.stack ?? err.message;
      this.recordException(err, e);
      this.failJob(err);
    }
    this.checkCompletion();
  }

  async reportTaskMetrics(updates: { executionAttemptId: ExecutionAttemptId; metrics: TaskIOMetrics }[]): Promise<void> {
    for (const u of updates) {
      const e = this.graph.executions.get(u.executionAttemptId);
      if (e && !e.isTerminal) e.metrics = u.metrics;
    }
  }

  async requestJob(): Promise<ArchivedExecutionGraph> {
    return this.graph.archive(this.status.state, this.status.timestamps);
  }

  async cancel(): Promise<void> {
    const state = this.status.state;
    if (GLOBALLY_TERMINAL_JOB_STATUSES.has(state) || state === 'CANCELLING') return;
    if (!this.deployed) {
      this.status.transitionTo(this.status.canTransitionTo('CANCELLING') ? 'CANCELLING' : 'CANCELED');
      for (const e of this.graph.all()) e.transitionTo('CANCELED');
      if (this.status.state === 'CANCELLING') this.status.transitionTo('CANCELED');
      return;
    }
    this.status.transitionTo('CANCELLING');
    this.cancelRunningTasks();
    this.checkCompletion();
  }

  async addCollectResults(executionAttemptId: ExecutionAttemptId, operatorId: string, batch: Uint8Array, count: number, end: boolean): Promise<void> {
    this.collectBuffer(operatorId).add(executionAttemptId, batch, count, end);
  }

  async fetchCollectResults(operatorId: string, offset: number): Promise<CollectResults> {
    return this.collectBuffer(operatorId).fetch(offset, () => this.status.state);
  }

  /** Releases every slot and forgets the resource requirement (idempotent). */
  async close(): Promise<void> {
    clearTimeout(this.slotTimer);
    await this.releaseSlots();
  }

  private deploy(): void {
    if (this.deployed || this.status.state !== 'RUNNING') return;
    this.deployed = true;
    clearTimeout(this.slotTimer);
    for (const [, executions] of this.graph.byVertex) {
      for (const e of executions) e.slot = this.slots[e.subtaskIndex];
    }
    for (const e of this.graph.all()) {
      e.transitionTo('DEPLOYING');
      const tdd = createDeploymentDescriptor(this.graph, e);
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
    if (state === 'RUNNING' && all.every((e) => e.state === 'FINISHED')) this.status.transitionTo('FINISHED');
    else if (state === 'CANCELLING') this.status.transitionTo('CANCELED');
    else if (state === 'FAILING') this.status.transitionTo('FAILED');
  }

  private failJob(err: Error): void {
    if (!this.status.canTransitionTo('FAILING')) return;
    if (this.graph.exceptionHistory.length === 0) this.recordException(err);
    this.graph.failureCause ??= serializeError(err);
    this.status.transitionTo('FAILING', err.message);
    this.cancelRunningTasks();
    this.checkCompletion();
  }

  private cancelRunningTasks(): void {
    for (const e of this.graph.all()) {
      if (e.isTerminal) continue;
      const slot = e.slot as HeldSlot | undefined;
      if (!slot || e.state === 'SCHEDULED' || e.state === 'CREATED') {
        e.transitionTo('CANCELED');
        continue;
      }
      e.transitionTo('CANCELING');
      slot.taskExecutor.cancelTask(e.attemptId).catch(() => {
        // The TaskExecutor is gone, so is the task.
        e.transitionTo('CANCELED');
        this.checkCompletion();
      });
    }
    this.graph.touch();
  }

  private recordException(err: Error, e?: Execution): void {
    this.graph.exceptionHistory.push({
      exceptionName: err instanceof SluiceError ? `${err.name}[${err.code}]` : err.name,
      stacktrace: err.stack ?? err.message,
      timestamp: Date.now(),
      taskName: e ? `${e.vertex.name} (${e.subtaskIndex + 1}/${e.vertex.parallelism})` : undefined,
      endpoint: e?.slot ? `${e.slot.dataAddress.host}:${e.slot.dataAddress.port}` : undefined,
      taskManagerId: e?.slot?.taskManagerId,
    });
  }

  private onSlotRequestTimeout(): void {
    if (this.deployed) return;
    this.failJob(new SluiceError(
      ErrorCode.SLOT_ALLOCATION_FAILED,
      `Could not acquire the minimum required resources: the job needs ${this.graph.requiredSlots} slots but got ${this.slots.length} within slot.request.timeout (${this.opts.slotRequestTimeoutMs} ms)`,
      { kind: 'external' },
    ));
  }

  private onStatusChange(state: JobStatus): void {
    this.graph.touch();
    // A client waiting for collect results learns at once that none may come.
    for (const buffer of this.collectBuffers.values()) buffer.wake();
    if (!GLOBALLY_TERMINAL_JOB_STATUSES.has(state)) return;
    clearTimeout(this.slotTimer);
    void this.releaseSlots().finally(() => this.resolveResult(this.graph.archive(state, this.status.timestamps)));
  }

  private collectBuffer(operatorId: string): CollectResultBuffer {
    let buffer = this.collectBuffers.get(operatorId);
    if (buffer) return buffer;
    if (!this.opts.jobGraph.vertices.some((v) => v.operators.some((o) => o.operatorId === operatorId && o.kind === 'sink'))) {
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
