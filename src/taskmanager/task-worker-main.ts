/**
 * Entry of a task worker thread (one per slot). Rebuilds the job's StreamGraph from the package
 * (running `main` in plan mode), checks the graph's fingerprint, runs StreamTasks, and exchanges
 * batches: directly with tasks in this worker, through the TaskExecutor for everything else.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { ProgramAbortException } from '../api/execution-context.js';
import { ErrorCode, SluiceError, serializeError } from '../common/errors.js';
import { CoreOptions } from '../common/config/options.js';
import { currentThreadId } from '../common/process-info/thread-dump.js';
import { Configuration } from '../common/config/configuration.js';
import { createJobGraph } from '../graph/index.js';
import { CollectChannel, StreamTask, edgeKey, type ChannelTransport, type TaskOutputSpec } from '../operators/index.js';
import { encodeCollectBatch } from '../protocol/collect-batch-codec.js';
import { captureStreamGraph, openJobPackage } from '../program/index.js';
import type { StreamGraph } from '../api/stream-graph.js';
import type { ResultPartitionDeploymentDescriptor, TaskDeploymentDescriptor, TaskLocation } from '../protocol/deployment.js';
import type { JobVertex } from '../protocol/job-graph.js';
import type { ExecutionState } from '../protocol/states.js';
import { BufferKind, decodeRecordBatch, encodeRecordBatch } from '../network/index.js';
import type { Destination, FromWorker, TaskMessage, ToWorker } from './worker-messages.js';

const port = parentPort;
if (!port) throw new Error('task-worker-main must run in a worker thread');

const tasks = new Map<string, StreamTask>();
/** A batch (or, with `records` null, an end of channel) for a task of this worker not created yet. */
interface EarlyInput {
  edge: string;
  from: number;
  records: unknown[] | null;
  /** Encoded size of the batch, counted as the task's bytes in once it takes the batch (0: it never left its thread). */
  bytes: number;
}
/**
 * Input for tasks still loading their package, replayed in arrival order once the task exists.
 * Every channel takes exactly one path (direct within the slot, else through the TaskExecutor),
 * so per-channel order holds.
 */
const early = new Map<string, EarlyInput[]>();
/**
 * Attempts that ran in this worker and ended. A worker serves one slot allocation, so this stays
 * as small as the job's attempts; late input for them (from a restarted round) is dropped.
 */
const ended = new Set<string>();

function deliver(to: string, input: EarlyInput): void {
  const task = tasks.get(to);
  if (!task) {
    if (ended.has(to)) return;
    let queue = early.get(to);
    if (!queue) early.set(to, (queue = []));
    queue.push(input);
  } else if (input.records) {
    if (input.bytes > 0) task.addBytes(input.bytes, 0);
    task.pushBatch(input.edge, input.from, input.records);
  } else {
    task.endOfChannel(input.edge, input.from);
  }
}

/** Plan captures run one at a time per thread (the API's context executor is per thread). */
let captureQueue: Promise<unknown> = Promise.resolve();
function captureSerially(bundlePath: string, entryClass: string | undefined, args: string[]): ReturnType<typeof captureStreamGraph> {
  const next = captureQueue.then(() => captureStreamGraph(bundlePath, entryClass, args));
  captureQueue = next.catch(() => undefined);
  return next;
}

// A main that does not await execute() leaves the plan-mode abort unhandled; it is expected.
process.on('unhandledRejection', (reason) => {
  if (reason instanceof ProgramAbortException) return;
  throw reason;
});

const post = (msg: FromWorker, transfer?: ArrayBuffer[]): void => port.postMessage(msg, transfer ?? []);
// print() output goes to the TaskManager's stdout through the same port as task states (not the
// worker's own async stdout stream), so every line is written before the task's FINISHED is.
const stdout = { write: (text: string) => post({ t: 'print', stderr: false, text }) };
const stderr = { write: (text: string) => post({ t: 'print', stderr: true, text }) };

function reportState(executionAttemptId: string, state: ExecutionState, task?: StreamTask, err?: unknown): void {
  post({ t: 'state', executionAttemptId, state, error: err === undefined ? undefined : serializeError(err), metrics: task?.currentMetrics() });
}

function destinationOf(location: TaskLocation): Destination {
  return { taskManagerId: location.taskManagerId, host: location.dataAddress.host, port: location.dataAddress.port };
}

/**
 * Ports to the other slot workers of this TaskManager that run the same job, by allocation id. The
 * TaskExecutor connects them before it deploys any task of the job, so every channel's path (port,
 * or through the TaskExecutor) is fixed from its first batch and batches stay in order.
 */
const peers = new Map<string, MessagePort>();

/** Sends a batch or credit to the task at `location` in another slot. */
function sendToTask(location: TaskLocation, msg: TaskMessage): void {
  const transfer = msg.t === 'data' ? [msg.bytes.buffer as ArrayBuffer] : [];
  const peer = peers.get(location.allocationId);
  if (peer) peer.postMessage(msg, transfer);
  else post({ t: 'out', dest: destinationOf(location), msg }, transfer);
}

/** Moves batches of one output: in-thread to tasks of this slot, serialized through the TaskExecutor otherwise. */
function createTransport(tdd: TaskDeploymentDescriptor, out: ResultPartitionDeploymentDescriptor): ChannelTransport {
  const edge = edgeKey(out.sourceNodeId, out.targetNodeId);
  const from = tdd.subtaskIndex;
  const sameSlot = out.consumers.map((c) => c.allocationId === tdd.allocationId);
  const outbound = (channel: number, bytes: Uint8Array): void => {
    const c = out.consumers[channel]!;
    sendToTask(c, { t: 'data', jobId: tdd.jobId, to: c.executionAttemptId, toAllocation: c.allocationId, edge, from, bytes });
  };
  return {
    transmit(channel, records) {
      if (sameSlot[channel]) return deliver(out.consumers[channel]!.executionAttemptId, { edge, from, records, bytes: 0 });
      const bytes = encodeRecordBatch(records);
      tasks.get(tdd.executionAttemptId)?.addBytes(0, bytes.byteLength);
      outbound(channel, bytes);
    },
    transmitEnd(channel) {
      if (sameSlot[channel]) return deliver(out.consumers[channel]!.executionAttemptId, { edge, from, records: null, bytes: 0 });
      // The end of the channel as an event buffer (one byte) until in-band events carry it.
      outbound(channel, new Uint8Array([BufferKind.EVENT]));
    },
  };
}

/** Returns one credit to the producer of a processed batch (directly within the slot). */
function createCreditGranter(tdd: TaskDeploymentDescriptor): (edge: string, producerIndex: number) => void {
  const producersByEdge = new Map(tdd.inputs.map((input) => [edgeKey(input.sourceNodeId, input.targetNodeId), input.producers]));
  const channel = tdd.subtaskIndex;
  return (edge, producerIndex) => {
    const producer = producersByEdge.get(edge)?.[producerIndex];
    if (!producer) return;
    if (producer.allocationId === tdd.allocationId) {
      tasks.get(producer.executionAttemptId)?.addCredit(edge, channel, 1);
      return;
    }
    sendToTask(producer, { t: 'credit', jobId: tdd.jobId, to: producer.executionAttemptId, toAllocation: producer.allocationId, edge, channel, credits: 1 });
  };
}

/**
 * Attempts cancelled while still loading their package: their task must not start (a client that
 * closes its results, or a failing job, cancels tasks that may not exist yet).
 */
const cancelledBeforeStart = new Set<string>();

/** Collect channels (executeAndCollect) of running tasks, by attempt id. */
const collectChannels = new Map<string, CollectChannel>();

/** The channel to the JobMaster if the task runs a collect sink (the sink always runs alone in its task). */
function createCollectChannel(tdd: TaskDeploymentDescriptor, streamGraph: StreamGraph, vertex: JobVertex, grantCredit: (edge: string, producerIndex: number) => void, flushIntervalMs: number): CollectChannel | undefined {
  const sink = vertex.operators.find((o) => {
    const spec = streamGraph.nodes.find((n) => n.id === o.nodeId)?.operator;
    return spec?.kind === 'sink' && spec.sink.type === 'collect';
  });
  if (!sink) return undefined;
  const channel = new CollectChannel((records, end) => {
    const bytes = encodeCollectBatch(records);
    post({ t: 'collect', executionAttemptId: tdd.executionAttemptId, operatorId: sink.operatorId, bytes, count: records.length, end }, [bytes.buffer as ArrayBuffer]);
  }, grantCredit, flushIntervalMs);
  collectChannels.set(tdd.executionAttemptId, channel);
  return channel;
}

async function deploy(tdd: TaskDeploymentDescriptor, packagePath: string, cacheDir: string): Promise<void> {
  const id = tdd.executionAttemptId;
  reportState(id, 'INITIALIZING');
  let task: StreamTask | undefined;
  try {
    const pkg = await openJobPackage(packagePath, { cacheDir });
    const streamGraph = await captureSerially(pkg.bundlePath, tdd.program.entryClass, tdd.program.args);
    const jobConfig = new Configuration(Object.entries(tdd.jobConfig));
    const rebuilt = createJobGraph(streamGraph, {
      jobId: tdd.jobId,
      program: tdd.program,
      defaultParallelism: jobConfig.get(CoreOptions.DEFAULT_PARALLELISM),
      defaultMaxParallelism: jobConfig.get(CoreOptions.MAX_PARALLELISM),
      config: tdd.jobConfig,
    });
    if (rebuilt.fingerprint !== tdd.fingerprint) {
      throw new SluiceError(ErrorCode.GRAPH_MISMATCH, `The job graph rebuilt on the TaskManager differs from the submitted one (fingerprint ${rebuilt.fingerprint.slice(0, 12)} != ${tdd.fingerprint.slice(0, 12)}): the job's main must build the same graph on every run (no randomness, time or environment in graph construction)`, { kind: 'user' });
    }
    const vertex = rebuilt.vertices.find((v) => v.id === tdd.vertexId);
    if (!vertex) throw new SluiceError(ErrorCode.GRAPH_MISMATCH, `Vertex ${tdd.vertexId} (${tdd.taskName}) is missing from the rebuilt job graph`);
    const outputs: TaskOutputSpec[] = tdd.outputs.map((out) => ({
      sourceNodeId: out.sourceNodeId,
      targetNodeId: out.targetNodeId,
      shipStrategy: out.shipStrategy,
      numberOfConsumers: out.consumers.length,
      consumerMaxParallelism: rebuilt.vertices.find((v) => v.id === out.targetVertexId)!.maxParallelism,
      transport: createTransport(tdd, out),
    }));
    const grantCredit = createCreditGranter(tdd);
    const collect = createCollectChannel(tdd, streamGraph, vertex, grantCredit, jobConfig.get(CoreOptions.BUFFER_TIMEOUT));
    task = new StreamTask({
      jobId: tdd.jobId,
      streamGraph,
      vertex,
      subtaskIndex: tdd.subtaskIndex,
      attemptNumber: tdd.attemptNumber,
      outputs,
      inputs: tdd.inputs,
      print: { stdout, stderr, collect },
      bufferTimeoutMs: jobConfig.get(CoreOptions.BUFFER_TIMEOUT),
      // A collect sink holds its input credit back while the JobMaster's buffer is full.
      grantCredit: collect ? (edge, producer) => collect.grantInputCredit(edge, producer) : grantCredit,
    });
    tasks.set(id, task);
    if (cancelledBeforeStart.delete(id)) task.cancel();
    for (const input of early.get(id) ?? []) deliver(id, input);
    early.delete(id);
    reportState(id, 'RUNNING', task);
    await task.run();
    reportState(id, 'FINISHED', task);
  } catch (err) {
    reportState(id, task?.isCancelled ? 'CANCELED' : 'FAILED', task, task?.isCancelled ? undefined : err);
  } finally {
    tasks.delete(id);
    ended.add(id);
    early.delete(id);
    collectChannels.delete(id);
    cancelledBeforeStart.delete(id);
  }
}

/**
 * How often running tasks report their counters (records, bytes, busy/idle/backpressured time);
 * an idle worker says it is alive instead, so the TaskExecutor's watchdog hears from every worker.
 */
const METRICS_INTERVAL_MS = 1000;
post({ t: 'thread', tid: currentThreadId() });
setInterval(() => {
  if (tasks.size === 0) return post({ t: 'alive' });
  post({ t: 'metrics', updates: [...tasks].map(([executionAttemptId, task]) => ({ jobId: task.jobId, executionAttemptId, metrics: task.currentMetrics() })) });
}, METRICS_INTERVAL_MS).unref();

port.on('message', (msg: ToWorker) => {
  switch (msg.t) {
    case 'deploy':
      void deploy(msg.tdd, msg.packagePath, msg.cacheDir);
      break;
    case 'cancel':
      if (tasks.has(msg.executionAttemptId)) tasks.get(msg.executionAttemptId)!.cancel();
      else cancelledBeforeStart.add(msg.executionAttemptId);
      collectChannels.get(msg.executionAttemptId)?.abort();
      break;
    case 'collectCredit':
      collectChannels.get(msg.executionAttemptId)?.addCredit(msg.credits);
      break;
    case 'connect':
      peers.set(msg.allocationId, msg.port);
      msg.port.on('message', onTaskMessage);
      break;
    case 'data':
    case 'credit':
      onTaskMessage(msg);
      break;
  }
});

/** A batch or credit for a task of this worker, from the TaskExecutor or a peer worker. */
function onTaskMessage(msg: TaskMessage): void {
  if (msg.t === 'credit') {
    tasks.get(msg.to)?.addCredit(msg.edge, msg.channel, msg.credits);
    return;
  }
  // Its bytes count when the task takes it, so a batch that waits for a task still loading counts too.
  const batch = msg.bytes[0] === BufferKind.RECORD_BATCH;
  deliver(msg.to, { edge: msg.edge, from: msg.from, records: batch ? decodeRecordBatch(msg.bytes) : null, bytes: batch ? msg.bytes.byteLength : 0 });
}
