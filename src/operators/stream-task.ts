/**
 * A StreamTask runs one subtask of a JobVertex: its operator chain, fed either by a source or
 * by input batches from upstream tasks, writing to one RecordWriter per outgoing edge. The task
 * finishes when its source is exhausted or every input channel has ended.
 */
import type { TaskInfo } from '../api/functions.js';
import type { StreamGraph, StreamNode } from '../api/stream-graph.js';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import type { TaskIOMetrics } from '../protocol/deployment.js';
import type { JobVertex, ShipStrategy } from '../protocol/job-graph.js';
import { createChannelSelector, isConnected } from './channel-selectors.js';
import { createOperator, type PrintTargets } from './operator-factory.js';
import { SystemProcessingTimeService } from './processing-time-service.js';
import { CreditBasedSender, type ChannelTransport } from './credit-based-sender.js';
import { BroadcastingOutput, RecordWriter } from './record-writer.js';
import { runSource } from './sources.js';
import type { Output, StreamOperator } from './stream-operator.js';

/** One outgoing edge of the task, with the sender that moves its batches. */
export interface TaskOutputSpec {
  sourceNodeId: number;
  targetNodeId: number;
  shipStrategy: ShipStrategy;
  numberOfConsumers: number;
  /** Key groups of the consumer (for HASH). */
  consumerMaxParallelism: number;
  /** Moves batches to the consumers; the task adds credit-based flow control on top. */
  transport: ChannelTransport;
}

/** One incoming edge of the task. */
export interface TaskInputSpec {
  sourceNodeId: number;
  targetNodeId: number;
  shipStrategy: ShipStrategy;
  numberOfProducers: number;
}

export interface StreamTaskSetup {
  jobId: string;
  streamGraph: StreamGraph;
  vertex: JobVertex;
  subtaskIndex: number;
  attemptNumber: number;
  outputs: TaskOutputSpec[];
  inputs: TaskInputSpec[];
  print: PrintTargets;
  bufferTimeoutMs: number;
  batchSize?: number;
  /** Called after a batch from `producerIndex` of edge `edge` was processed: grant that producer one credit. */
  grantCredit(edge: string, producerIndex: number): void;
}

/** Key of an edge in input/output lookups. */
export function edgeKey(sourceNodeId: number, targetNodeId: number): string {
  return `${sourceNodeId}-${targetNodeId}`;
}

export class StreamTask {
  private readonly nodes: Map<number, StreamNode>;
  private readonly operators: { node: StreamNode; op: StreamOperator }[] = [];
  private readonly writers: RecordWriter[] = [];
  /** Credit-based senders by edge key, to route credit from consumers. */
  private readonly senders = new Map<string, CreditBasedSender>();
  private head!: Output;
  private sourceNode?: StreamNode;
  /** Open input channels per edge key: the producer subtasks that have not ended yet. */
  private readonly openChannels = new Map<string, Set<number>>();
  private remainingChannels = 0;
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
  /** Input not processed yet: batches (records) and ends of channel (null), in arrival order. */
  private readonly queue: [string, number, unknown[] | null][] = [];
  private queueHead = 0;
  private draining = false;
  /** Since when the task has input but waits for output credit (0: not backpressured). */
  private backpressuredSince = 0;
  /** Wakes whoever waits for output credit (a paused source, or the end of the task). */
  private wakeWaiter?: () => void;
  private sourceResumedAt = 0;

  constructor(private readonly setup: StreamTaskSetup) {
    this.nodes = new Map(setup.streamGraph.nodes.map((n) => [n.id, n]));
    this.inputsDonePromise = new Promise((resolve, reject) => (this.inputsDone = { resolve, reject }));
    this.inputsDonePromise.catch(() => undefined);
    for (const input of setup.inputs) {
      const producers = new Set<number>();
      for (let p = 0; p < input.numberOfProducers; p++) if (isConnected(input.shipStrategy, p, setup.subtaskIndex)) producers.add(p);
      this.openChannels.set(edgeKey(input.sourceNodeId, input.targetNodeId), producers);
      this.remainingChannels += producers.size;
    }
    this.buildChain();
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
      for (const { node, op } of [...this.operators].reverse()) await op.open(this.runtimeContext(node));
      this.running = true;
      this.flushTimer = setInterval(() => this.flushWriters(), this.setup.bufferTimeoutMs);
      this.drain();
      if (this.sourceNode?.operator.kind === 'source') {
        this.sourceResumedAt = performance.now();
        await runSource(this.sourceNode.operator.source, {
          output: this.head,
          subtaskIndex: this.setup.subtaskIndex,
          parallelism: this.setup.vertex.parallelism,
          pause: () => this.pauseSource(),
        });
      } else if (this.remainingChannels > 0) {
        await this.inputsDonePromise;
      }
      this.throwIfStopped();
      for (const { op } of this.operators) op.finish();
      for (const w of this.writers) w.finish();
      await this.outputsDrained();
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

  /** Queues one batch from producer `producerIndex` of edge `key`; it is processed when outputs have credit. */
  pushBatch(key: string, producerIndex: number, records: unknown[]): void {
    this.queue.push([key, producerIndex, records]);
    this.drain();
  }

  /** Producer `producerIndex` of edge `key` has no more records (ordered behind its batches). */
  endOfChannel(key: string, producerIndex: number): void {
    this.queue.push([key, producerIndex, null]);
    this.drain();
  }

  /** A consumer of edge `key` processed batches of channel `channel`. */
  addCredit(key: string, channel: number, n: number): void {
    this.senders.get(key)?.addCredit(channel, n);
  }

  /** Stops the task; `run()` rejects with a cancellation. */
  cancel(): void {
    this.cancelled = true;
    this.wakeWaiter?.();
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

  /**
   * Adds the encoded size of batches that left this thread (out) or reached it (in), once per
   * batch. Batches between tasks of one thread are never encoded and add nothing, as chained
   * operators inside a task.
   */
  addBytes(inBytes: number, outBytes: number): void {
    this.metrics.numBytesIn += inBytes;
    this.metrics.numBytesOut += outBytes;
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
    this.sourceResumedAt = performance.now();
    return !this.cancelled && this.failure === undefined;
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
    for (const sender of this.senders.values()) if (!sender.isAvailable) return false;
    return true;
  }

  /** Processes queued input while the outputs can take more. Re-entrant calls return at once. */
  private drain(): void {
    if (!this.running || this.draining) return;
    this.draining = true;
    try {
      while (this.queueHead < this.queue.length && this.failure === undefined && !this.cancelled) {
        if (!this.outputsAvailable()) {
          this.backpressuredSince ||= performance.now();
          return;
        }
        const [key, producer, records] = this.queue[this.queueHead]!;
        this.queue[this.queueHead++] = undefined as never;
        if (records) this.process(key, producer, records);
        else this.closeChannel(key, producer);
      }
      this.queue.length = 0;
      this.queueHead = 0;
    } finally {
      this.draining = false;
    }
  }

  private process(key: string, producerIndex: number, records: unknown[]): void {
    const t0 = performance.now();
    try {
      const head = this.head;
      for (let i = 0; i < records.length; i++) head.collect(records[i]);
    } catch (err) {
      this.fail(err);
    }
    this.metrics.numRecordsIn += records.length;
    this.metrics.accumulateBusyTime += performance.now() - t0;
    this.setup.grantCredit(key, producerIndex);
  }

  private closeChannel(key: string, producerIndex: number): void {
    const open = this.openChannels.get(key);
    if (!open?.delete(producerIndex)) return;
    if (--this.remainingChannels === 0) this.inputsDone.resolve();
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

  private collectOutputMetrics(): void {
    this.metrics.numRecordsOut = this.writers.reduce((n, w) => n + w.numRecordsOut, 0);
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
        const op = createOperator(node, out, this.setup.print, this.timeService);
        this.operators.unshift({ node, op });
        built.set(node.id, { collect: (r) => op.processElement(r) });
        this.head = built.get(node.id)!;
      }
    }
  }

  private writerFor(sourceNodeId: number, targetNodeId: number, outputs: TaskOutputSpec[]): RecordWriter {
    const spec = outputs.find((o) => o.sourceNodeId === sourceNodeId && o.targetNodeId === targetNodeId);
    if (!spec) throw new SluiceError(ErrorCode.GRAPH_MISMATCH, `No deployed output for edge ${sourceNodeId} -> ${targetNodeId}`);
    const n = spec.numberOfConsumers;
    const channels: number[] = [];
    for (let c = 0; c < n; c++) if (isConnected(spec.shipStrategy, this.setup.subtaskIndex, c)) channels.push(c);
    const selector = createChannelSelector({
      strategy: spec.shipStrategy,
      numberOfChannels: n,
      subtaskIndex: this.setup.subtaskIndex,
      keySelector: this.nodes.get(targetNodeId)?.keySelector,
      maxParallelism: spec.consumerMaxParallelism,
    });
    const sender = new CreditBasedSender(spec.transport, n, () => this.onOutputAvailable());
    this.senders.set(edgeKey(sourceNodeId, targetNodeId), sender);
    const writer = new RecordWriter(selector, sender, channels, n, this.setup.batchSize);
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
