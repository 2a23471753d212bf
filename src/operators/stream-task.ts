/**
 * A StreamTask runs one subtask of a JobVertex: its operator chain, fed either by a source or
 * by its InputGate, writing to one RecordWriter per outgoing edge (each over the edge's
 * ResultPartition). The task finishes when its source is exhausted or every input channel has
 * ended. It takes its part of checkpoints: triggered (a source), or once a barrier has arrived
 * on all its inputs (CheckpointBarrierHandler); it restores from a checkpoint's state file (and,
 * for union list state, its sibling subtasks' files) before its operators open.
 */
import type { TaskInfo } from '../api/functions.js';
import type { SourceSpec, StreamGraph, StreamNode } from '../api/stream-graph.js';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import type { CheckpointTrigger, CheckpointingMode, SavepointStopMode, TaskRestore } from '../protocol/checkpoints.js';
import type { ResultPartitionDeploymentDescriptor, TaskIOMetrics } from '../protocol/deployment.js';
import type { JobVertex, ShipStrategy } from '../protocol/job-graph.js';
import { HEAP_STATE_BACKEND, type KeyedStateBackendSettings } from '../state/index.js';
import {
  EventType, ProbingRecordWriter, SnapshotKind, RecordWriter, StopMode, createChannelSelector, edgeKey, isConnected, isRecordBatch,
  type InputChannel, type InputGate, type InputGateListener, type ResultPartition, type TaskEvent,
} from '../network/index.js';
import { BroadcastingOutput } from './broadcasting-output.js';
import { CheckpointBarrierHandler } from './checkpoint-barrier-handler.js';
import { createOperator, type PrintTargets } from './operator-factory.js';
import { SystemProcessingTimeService } from './processing-time-service.js';
import { runSource } from './sources.js';
import { bindUserFunction, type Output } from './stream-operator.js';
import { SubtaskCheckpointCoordinator, type ChainedOperator, type CheckpointResponder } from './subtask-checkpoint-coordinator.js';
import { readRestoredTaskState, type RestoredTaskState } from './task-state-file.js';

/** One outgoing edge of the task and the partition its batches go to. */
export interface TaskOutputSpec {
  sourceNodeId: number;
  targetNodeId: number;
  shipStrategy: ShipStrategy;
  /** Key groups of the consumer (for HASH). */
  consumerMaxParallelism: number;
  partition: ResultPartition;
}

/** The outputs of a deployed attempt: each edge of `outputs` with its partition; consumers' key groups from `vertices`. */
export function taskOutputs(outputs: readonly ResultPartitionDeploymentDescriptor[], partitions: ReadonlyMap<string, ResultPartition>, vertices: readonly JobVertex[]): TaskOutputSpec[] {
  return outputs.map((out) => ({
    sourceNodeId: out.sourceNodeId,
    targetNodeId: out.targetNodeId,
    shipStrategy: out.shipStrategy,
    consumerMaxParallelism: vertices.find((v) => v.id === out.targetVertexId)!.maxParallelism,
    partition: partitions.get(edgeKey(out.sourceNodeId, out.targetNodeId))!,
  }));
}

/** How a task takes part in checkpoints. */
export interface TaskCheckpointing {
  /** `execution.checkpointing.mode`: EXACTLY_ONCE aligns barriers, AT_LEAST_ONCE does not. */
  mode: CheckpointingMode;
  /** `execution.checkpointing.dir` of the job ('' when unset). */
  directory: string;
  responder: CheckpointResponder;
}

export interface StreamTaskSetup {
  jobId: string;
  streamGraph: StreamGraph;
  vertex: JobVertex;
  subtaskIndex: number;
  attemptNumber: number;
  outputs: TaskOutputSpec[];
  /** The task's input (set up with its channels; a source task's has none). */
  input: InputGate;
  print: PrintTargets;
  bufferTimeoutMs: number;
  batchSize?: number;
  /** `taskmanager.network.probe-interval`: records per channel between probe events (0: none). */
  probeInterval?: number;
  /**
   * Called after a batch from `producerIndex` of edge `edge` was processed, instead of returning
   * the credit on its channel at once: a collect sink holds it back while its results wait.
   */
  grantCredit?(edge: string, producerIndex: number): void;
  /** Called with each input event the task does not handle itself (watermarks), in order with the records of its channel. */
  onInputEvent?(event: TaskEvent, channel: InputChannel): void;
  checkpointing: TaskCheckpointing;
  /** The keyed state backend of the task's keyed operators (`state.backend.type`); unset: hashmap. */
  stateBackend?: KeyedStateBackendSettings;
  /** Set when the attempt restores from a checkpoint. */
  restore?: TaskRestore;
}

export class StreamTask implements InputGateListener {
  private readonly nodes: Map<number, StreamNode>;
  /** The chain, head first. */
  private readonly operators: (ChainedOperator & { node: StreamNode })[] = [];
  private readonly writers: RecordWriter[] = [];
  private readonly partitions: ResultPartition[] = [];
  private head!: Output;
  private sourceNode?: StreamNode;
  private readonly gate: InputGate;
  private readonly grantCredit?: (edge: string, producerIndex: number) => void;
  private inputsDone!: { resolve(): void; reject(err: unknown): void };
  private readonly inputsDonePromise: Promise<void>;
  private failure?: unknown;
  private cancelled = false;
  private running = false;
  private flushTimer?: NodeJS.Timeout;
  /** Processing-time timers of the operators; a timer callback that throws fails the task. */
  private readonly timeService = new SystemProcessingTimeService((err) => this.fail(err));
  private readonly metrics: TaskIOMetrics = { numRecordsIn: 0, numRecordsOut: 0, numBytesIn: 0, numBytesOut: 0, accumulateBusyTime: 0, accumulateIdleTime: 0, accumulateBackPressuredTime: 0 };
  private readonly startedAt = Date.now();
  private draining = false;
  /** Since when the task has input but waits for output credit (0: not backpressured). */
  private backpressuredSince = 0;
  /** Wakes whoever waits for output credit (a paused source, or the end of the task). */
  private wakeWaiter?: () => void;
  private sourceResumedAt = 0;
  /** Reads the source's position at a checkpoint (a replayable source registers it). */
  private positionProvider?: () => unknown;
  /** Bytes of the input buffers processed (checkpoint alignment figures). */
  private bytesProcessed = 0;
  /** The chain has finished (its outputs ended): no checkpoint can start any more. */
  private finishing = false;
  private readonly barriers: CheckpointBarrierHandler;
  private readonly checkpoints: SubtaskCheckpointCoordinator;
  /** The stop-with-savepoint this source took its part of: the source holds until it completes or is aborted. */
  private pendingStop?: { checkpointId: number; mode: SavepointStopMode; settle(completed: boolean): void; outcome: Promise<boolean> };
  /** The source ended for a completed stop-with-savepoint in this mode. */
  private stoppedWith?: SavepointStopMode;
  /** How the inputs' data ended: NO_DRAIN once any input channel ended so (Flink's SingleInputGate). */
  private inputStopMode: StopMode = StopMode.DRAIN;

  constructor(private readonly setup: StreamTaskSetup) {
    this.nodes = new Map(setup.streamGraph.nodes.map((n) => [n.id, n]));
    this.inputsDonePromise = new Promise((resolve, reject) => (this.inputsDone = { resolve, reject }));
    this.inputsDonePromise.catch(() => undefined);
    this.gate = setup.input;
    this.grantCredit = setup.grantCredit;
    this.buildChain();
    this.checkpoints = new SubtaskCheckpointCoordinator({
      jobId: setup.jobId,
      vertexId: setup.vertex.id,
      subtaskIndex: setup.subtaskIndex,
      taskName: this.taskNameWithSubtask,
      operators: this.operators,
      sourcePosition: () => this.positionProvider?.(),
      broadcastBarrier: (barrier) => this.broadcastEvent(barrier),
      checkpointDirectory: setup.checkpointing.directory,
      responder: setup.checkpointing.responder,
    });
    this.barriers = new CheckpointBarrierHandler(this.gate, setup.checkpointing.mode, {
      triggerCheckpointOnBarrier: (barrier, alignment) => this.checkpoints.checkpoint(barrier, alignment),
      abortCheckpointOnBarrier: (checkpointId, reason) => this.checkpoints.decline(checkpointId, reason),
      bytesProcessed: () => this.bytesProcessed,
    });
    this.gate.attach(this);
  }

  get jobId(): string {
    return this.setup.jobId;
  }

  /** A name for messages: `<vertex name> (i/p)` as Flink prints it. */
  get taskNameWithSubtask(): string {
    return `${this.setup.vertex.name} (${this.setup.subtaskIndex + 1}/${this.setup.vertex.parallelism})`;
  }

  /** Runs the task to completion; rejects with the user's error (or when cancelled). */
  async run(): Promise<void> {
    try {
      const { restore } = this.setup;
      const restored = restore && (await readRestoredTaskState(restore, this.setup.subtaskIndex, this.setup.vertex.parallelism));
      this.throwIfStopped();
      // As Flink's initializeStateAndOpenOperators: from the tail of the chain to its head.
      for (const { node, op, operatorId } of [...this.operators].reverse()) {
        op.initializeState?.(restored ? restored.operators[operatorId] : undefined);
        await op.open(this.runtimeContext(node));
      }
      this.running = true;
      this.flushTimer = setInterval(() => this.flushWriters(), this.setup.bufferTimeoutMs);
      this.drain();
      // A source that had finished before the restored checkpoint emits nothing again.
      if (this.sourceNode?.operator.kind === 'source' && !restore?.finished) {
        await this.runSourceOf(this.sourceNode.operator.source, restored);
      } else if (this.gate.numberOfChannels > 0) {
        await this.inputsDonePromise;
      }
      this.throwIfStopped();
      this.finishing = true;
      const stopMode = this.endOfDataMode();
      // As Flink's StreamOperatorWrapper, drained or not: pending processing-time timers never fire once the data ended.
      this.timeService.quiesce();
      // In chain order: what an operator emits as it finishes reaches successors still open; a sink may commit (async).
      // Without drain nothing past the savepoint is emitted: the chain does not finish (no endInput, no flush).
      if (stopMode === StopMode.DRAIN) for (const { op } of this.operators) await op.finish();
      for (const w of this.writers) w.finish(stopMode);
      await this.outputsDrained();
      await this.checkpoints.waitForPendingCheckpoints();
      this.throwIfStopped();
    } catch (err) {
      throw this.wrap(this.failure ?? err);
    } finally {
      clearInterval(this.flushTimer);
      this.timeService.quiesce();
      this.collectOutputMetrics();
      for (const { op } of this.operators) await op.close().catch(() => undefined);
    }
  }

  /**
   * Starts checkpoint `trigger.checkpointId` here (a source, or a task whose inputs have all
   * ended): snapshot, barrier on every output, state file, acknowledgement. A task not running
   * yet, finishing, stopping, or with open inputs (its barriers come through them) declines.
   */
  triggerCheckpoint(trigger: CheckpointTrigger): void {
    const { checkpointId, timestamp } = trigger;
    const notNow = !this.running ? 'has not started running yet'
      : this.finishing ? 'is finishing'
        : this.failure !== undefined || this.cancelled ? 'is failing or cancelled'
          : !this.gate.isFinished ? 'has open inputs (its barriers come through them)' : undefined;
    if (notNow !== undefined) {
      this.checkpoints.decline(checkpointId, new SluiceError(ErrorCode.CHECKPOINT_DECLINED, `Checkpoint ${checkpointId} was triggered at ${this.taskNameWithSubtask}, which ${notNow}`));
      return;
    }
    this.checkpoints.checkpoint({ type: EventType.CHECKPOINT_BARRIER, checkpointId, timestamp, kind: snapshotKindOf(trigger) }, { startDelayMs: Math.max(0, Date.now() - timestamp), alignmentDurationMs: 0, processedData: 0 }, trigger.location);
    if (trigger.stop && this.sourceNode) this.holdSourceFor(checkpointId, trigger.stop);
  }

  /**
   * The source emits nothing past stop-with-savepoint `checkpointId` (Flink's synchronous
   * savepoint): it holds at its next pause until the savepoint completes, then ends; an aborted
   * one lets it go on.
   */
  private holdSourceFor(checkpointId: number, mode: SavepointStopMode): void {
    let settle!: (completed: boolean) => void;
    const outcome = new Promise<boolean>((resolve) => (settle = resolve));
    this.pendingStop = { checkpointId, mode, settle, outcome };
  }

  /**
   * How this task's data ended: a source by its stop-with-savepoint (SUSPEND: NO_DRAIN; TERMINATE,
   * or exhausted: DRAIN), any other task as its inputs' did.
   */
  private endOfDataMode(): StopMode {
    if (this.stoppedWith === 'SUSPEND') return StopMode.NO_DRAIN;
    return this.stoppedWith === 'TERMINATE' ? StopMode.DRAIN : this.inputStopMode;
  }

  /** Settles the held stop-with-savepoint `checkpointId`, if any: completed ends the source. */
  private settleStop(checkpointId: number, completed: boolean): void {
    const stop = this.pendingStop;
    if (stop?.checkpointId !== checkpointId) return;
    this.pendingStop = undefined;
    if (completed) this.stoppedWith = stop.mode;
    stop.settle(completed);
  }

  /** Checkpoint `checkpointId` completed: the operators hear it (a hook that throws fails the task). */
  notifyCheckpointComplete(checkpointId: number): void {
    this.settleStop(checkpointId, true);
    try {
      this.checkpoints.notifyCheckpointComplete(checkpointId);
    } catch (err) {
      this.fail(err);
    }
  }

  /** Checkpoint `checkpointId` was aborted: an alignment for it stops, and the operators hear it. */
  notifyCheckpointAborted(checkpointId: number): void {
    this.settleStop(checkpointId, false);
    try {
      this.barriers.abort(checkpointId);
      this.checkpoints.notifyCheckpointAborted(checkpointId);
    } catch (err) {
      this.fail(err);
    }
  }

  /** The gate queued input: it is processed now if the outputs can take more, else when credit comes. */
  onInputAvailable(): void {
    this.drain();
  }

  /** The gate cannot go on (a probe mismatch, a lost peer TaskManager): the task fails. */
  onInputError(err: SluiceError): void {
    this.fail(err);
  }

  /**
   * Sends `event` on every output channel behind the records emitted so far (checkpoint
   * barriers and watermarks travel this way).
   */
  broadcastEvent(event: TaskEvent): void {
    for (const w of this.writers) w.broadcastEvent(event);
  }

  /** Stops the task; `run()` rejects with a cancellation. */
  cancel(): void {
    this.cancelled = true;
    this.wakeWaiter?.();
    this.pendingStop?.settle(false);
    this.inputsDone.reject(new SluiceError(ErrorCode.TASK_FAILED, 'Task was cancelled'));
  }

  get isCancelled(): boolean {
    return this.cancelled;
  }

  /**
   * Current counters (records/bytes in and out; busy, backpressured and idle time). Idle is what
   * is neither busy nor backpressured, as in Flink.
   */
  currentMetrics(): TaskIOMetrics {
    this.collectOutputMetrics();
    const elapsed = Date.now() - this.startedAt;
    const busy = this.metrics.accumulateBusyTime;
    // A wait for credit still going on counts up to now, so a long stall shows while it lasts.
    const backPressured = this.metrics.accumulateBackPressuredTime + (this.backpressuredSince ? performance.now() - this.backpressuredSince : 0);
    return {
      ...this.metrics,
      accumulateBusyTime: Math.round(busy),
      accumulateBackPressuredTime: Math.round(backPressured),
      accumulateIdleTime: Math.max(0, Math.round(elapsed - busy - backPressured)),
    };
  }

  /** Runs the chain's source: the restored splits if there are, else its own share. */
  private runSourceOf(source: SourceSpec, restored: RestoredTaskState | undefined): Promise<void> {
    const { subtaskIndex, vertex } = this.setup;
    this.sourceResumedAt = performance.now();
    return runSource(source, {
      output: this.head,
      subtaskIndex,
      parallelism: vertex.parallelism,
      pause: () => this.pauseSource(),
      splits: restored?.sourceSplits ?? [{ index: subtaskIndex, parallelism: vertex.parallelism }],
      setPositionProvider: (provider) => (this.positionProvider = provider),
    });
  }

  /** Between source chunks: let messages in, then go on unless stopped. */
  private async pauseSource(): Promise<boolean> {
    const t0 = performance.now();
    this.metrics.accumulateBusyTime += t0 - this.sourceResumedAt;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!this.outputsAvailable() && !this.cancelled && this.failure === undefined) {
      this.backpressuredSince = performance.now();
      await new Promise<void>((resolve) => (this.wakeWaiter = resolve));
    }
    // Taken a stop-with-savepoint: hold until it completes (the source ends) or is aborted (it goes on).
    if (this.pendingStop) await this.pendingStop.outcome;
    this.sourceResumedAt = performance.now();
    return !this.cancelled && this.failure === undefined && this.stoppedWith === undefined;
  }

  /**
   * Waits until no batch waits for credit. Credit sent to a finished task is dropped, so batches
   * left in a backlog, and the end of input behind them, would never leave: consumers would hang.
   */
  private async outputsDrained(): Promise<void> {
    while (!this.outputsAvailable() && !this.cancelled && this.failure === undefined) {
      await new Promise<void>((resolve) => (this.wakeWaiter = resolve));
    }
  }

  private outputsAvailable(): boolean {
    for (const partition of this.partitions) if (!partition.isAvailable) return false;
    return true;
  }

  /**
   * Processes the gate's input while the outputs can take more. Re-entrant calls return at once.
   * A gate that has input left while the outputs are full keeps it until credit comes.
   */
  private drain(): void {
    if (!this.running || this.draining) return;
    this.draining = true;
    try {
      while (this.failure === undefined && !this.cancelled) {
        if (!this.outputsAvailable()) {
          if (this.gate.hasQueuedInput) this.backpressuredSince ||= performance.now();
          return;
        }
        const buffer = this.gate.pollNext();
        if (!buffer) break;
        const { channel, payload } = buffer;
        if (isRecordBatch(payload)) {
          this.bytesProcessed += buffer.bytes;
          this.process(channel, payload);
        } else if (payload.type === EventType.CHECKPOINT_BARRIER) this.barriers.processBarrier(payload, channel);
        else if (payload.type === EventType.END_OF_PARTITION) this.barriers.processEndOfPartition();
        else if (payload.type === EventType.END_OF_DATA) {
          if (payload.stopMode === StopMode.NO_DRAIN) this.inputStopMode = StopMode.NO_DRAIN;
        }
        else this.setup.onInputEvent?.(payload, channel);
      }
      if (this.gate.isFinished) this.inputsDone.resolve();
    } catch (err) {
      this.fail(err);
    } finally {
      this.draining = false;
    }
  }

  private process(channel: InputChannel, records: unknown[]): void {
    const t0 = performance.now();
    try {
      const head = this.head;
      for (let i = 0; i < records.length; i++) head.collect(records[i]);
    } catch (err) {
      this.fail(err);
    }
    this.metrics.numRecordsIn += records.length;
    this.metrics.accumulateBusyTime += performance.now() - t0;
    if (this.grantCredit) this.grantCredit(channel.edge, channel.producerIndex);
    else channel.returnCredit();
  }

  /** Credit arrived and every output can take more: resume input or the source. */
  private onOutputAvailable(): void {
    if (!this.outputsAvailable()) return;
    if (this.backpressuredSince) {
      this.metrics.accumulateBackPressuredTime += performance.now() - this.backpressuredSince;
      this.backpressuredSince = 0;
    }
    const wake = this.wakeWaiter;
    this.wakeWaiter = undefined;
    wake?.();
    this.drain();
  }

  private fail(err: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = err;
    this.wakeWaiter?.();
    this.pendingStop?.settle(false);
    this.inputsDone.reject(err);
  }

  private throwIfStopped(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.cancelled) throw new SluiceError(ErrorCode.TASK_FAILED, 'Task was cancelled');
  }

  private wrap(err: unknown): SluiceError {
    if (err instanceof SluiceError) return err;
    const wrapped = new SluiceError(ErrorCode.USER_FUNCTION_FAILED, `${this.taskNameWithSubtask} failed: ${errorMessage(err)}`, { kind: 'user', cause: err });
    if (err instanceof Error && err.stack) wrapped.stack = `${wrapped.name}: ${wrapped.message}\nCaused by: ${err.stack}`;
    return wrapped;
  }

  private flushWriters(): void {
    for (const w of this.writers) w.flushAll();
  }

  /**
   * Records out, and bytes: the encoded size of the buffers that left this thread (out) or reached
   * it (in), once per buffer. Buffers between tasks of one thread are never encoded and add
   * nothing, as chained operators inside a task.
   */
  private collectOutputMetrics(): void {
    this.metrics.numRecordsOut = this.writers.reduce((n, w) => n + w.numRecordsOut, 0);
    this.metrics.numBytesOut = this.partitions.reduce((n, p) => n + p.numBytesOut, 0);
    this.metrics.numBytesIn = this.gate.numBytesIn;
  }

  private buildChain(): void {
    const { vertex, streamGraph, outputs } = this.setup;
    const inChain = new Set(vertex.operators.map((o) => o.nodeId));
    const built = new Map<number, Output>();
    for (const chained of [...vertex.operators].reverse()) {
      const node = this.nodes.get(chained.nodeId);
      if (!node) throw new SluiceError(ErrorCode.GRAPH_MISMATCH, `Operator ${chained.name} (node ${chained.nodeId}) is missing from the rebuilt graph`);
      const targets: Output[] = [];
      for (const edge of streamGraph.edges) {
        if (edge.sourceId !== node.id) continue;
        if (inChain.has(edge.targetId)) targets.push(built.get(edge.targetId)!);
        else targets.push(this.writerFor(edge.sourceId, edge.targetId, outputs));
      }
      const out: Output = targets.length === 1 ? targets[0]! : new BroadcastingOutput(targets);
      if (node.operator.kind === 'source') {
        this.sourceNode = node;
        this.head = out;
      } else {
        const op = createOperator(node, out, this.setup.print, this.timeService, this.setup.stateBackend ?? HEAP_STATE_BACKEND);
        this.operators.unshift({ node, op, operatorId: chained.operatorId });
        built.set(node.id, { collect: (r) => op.processElement(r) });
        this.head = built.get(node.id)!;
      }
    }
  }

  private writerFor(sourceNodeId: number, targetNodeId: number, outputs: TaskOutputSpec[]): RecordWriter {
    const spec = outputs.find((o) => o.sourceNodeId === sourceNodeId && o.targetNodeId === targetNodeId);
    if (!spec) throw new SluiceError(ErrorCode.GRAPH_MISMATCH, `No deployed output for edge ${sourceNodeId} -> ${targetNodeId}`);
    const { partition } = spec;
    const n = partition.numberOfChannels;
    const channels: number[] = [];
    for (let c = 0; c < n; c++) if (isConnected(spec.shipStrategy, this.setup.subtaskIndex, c)) channels.push(c);
    const keySelector = this.nodes.get(targetNodeId)?.keySelector;
    const selector = createChannelSelector({
      strategy: spec.shipStrategy,
      numberOfChannels: n,
      subtaskIndex: this.setup.subtaskIndex,
      getKey: keySelector && bindUserFunction<(v: unknown) => unknown>(keySelector, 'getKey'),
      maxParallelism: spec.consumerMaxParallelism,
    });
    partition.setAvailabilityListener(() => this.onOutputAvailable());
    this.partitions.push(partition);
    const probeInterval = this.setup.probeInterval ?? 0;
    const writer = probeInterval > 0
      ? new ProbingRecordWriter(selector, partition, channels, probeInterval, this.setup.batchSize)
      : new RecordWriter(selector, partition, channels, this.setup.batchSize);
    this.writers.push(writer);
    return writer;
  }

  private runtimeContext(node: StreamNode): TaskInfo {
    const { jobId, vertex, subtaskIndex, attemptNumber } = this.setup;
    return {
      getJobId: () => jobId,
      getTaskName: () => node.name,
      getIndexOfThisSubtask: () => subtaskIndex,
      getNumberOfParallelSubtasks: () => vertex.parallelism,
      getMaxNumberOfParallelSubtasks: () => vertex.maxParallelism,
      getAttemptNumber: () => attemptNumber,
    };
  }
}

/** The kind of snapshot a trigger asks for, as its barriers carry it. */
function snapshotKindOf(trigger: CheckpointTrigger): SnapshotKind {
  if (trigger.savepoint) return SnapshotKind.SAVEPOINT;
  return trigger.full ? SnapshotKind.FULL_CHECKPOINT : SnapshotKind.CHECKPOINT;
}
