/**
 * The network side of one task worker thread (Flink's NettyShuffleEnvironment, per worker): the
 * input gates and result partitions of its task attempts, and its ports to the workers of the
 * other slots of this TaskManager. Every channel takes one path for its whole life, chosen from
 * where its two ends run: within this thread (objects handed over), a port to another slot's
 * worker, or the TaskManager main thread (to TCP).
 */
import type { MessagePort } from 'node:worker_threads';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import type { TaskDeploymentDescriptor, TaskLocation } from '../protocol/deployment.js';
import { isConnected } from './channel-selectors.js';
import { EncodedOutputChannel, type TaskMessageSink } from './encoded-output-channel.js';
import { InputChannel, type ChannelPath } from './input-channel.js';
import { InputGate } from './input-gate.js';
import { LocalOutputChannel } from './local-output-channel.js';
import { decodeNetworkBuffer } from './network-buffer.js';
import type { OutputChannel } from './output-channel.js';
import { ResultPartition } from './result-partition.js';
import { edgeKey, type CreditMessage, type Inbound, type TaskMessage } from './task-messages.js';

export interface NetworkEnvironmentOptions {
  /** Sends a message to a task this worker has no port to (another TaskManager), through the TaskManager main thread. */
  sendThroughTaskManager(msg: TaskMessage, to: TaskLocation): void;
  /** A message no task here can take (it is dropped); `origin` is where it came from. */
  reportBadInput(jobId: string, reason: string, origin: Inbound | undefined): void;
}

/** The network side of one task attempt: its input gate and a result partition per output edge (by edge key). */
export interface TaskNetwork {
  gate: InputGate;
  partitions: Map<string, ResultPartition>;
}

interface RegisteredTask extends TaskNetwork {
  jobId: string;
}

/** Key of a producer's partition: `attempt/edge`. */
function partitionKey(attemptId: string, edge: string): string {
  return `${attemptId}/${edge}`;
}

/** Posts a message to a port, transferring its bytes. */
function portSink(port: MessagePort): TaskMessageSink {
  return (msg) => port.postMessage(msg, msg.t === 'data' ? [msg.bytes.buffer as ArrayBuffer] : []);
}

export class NetworkEnvironment {
  /**
   * Gates of the attempts this worker has heard of, also ended ones: a worker serves one slot
   * allocation, so this stays as small as the job's attempts, and late input for an ended
   * attempt is recognised (dropped after a cancellation, refused after the task finished).
   */
  private readonly gates = new Map<string, InputGate>();
  private readonly partitions = new Map<string, ResultPartition>();
  /** Attempts set up and not released. */
  private readonly tasks = new Map<string, RegisteredTask>();
  /** Ports to the workers of the other slots of this job here, by allocation id. */
  private readonly peers = new Map<string, MessagePort>();

  constructor(private readonly opts: NetworkEnvironmentOptions) {}

  /**
   * A port to the worker of slot allocation `allocationId`. The TaskExecutor connects the job's
   * slot workers before it deploys any task of the job, so a channel's path is fixed from its
   * first buffer and its buffers stay in order.
   */
  connectPeer(allocationId: string, port: MessagePort): void {
    this.peers.set(allocationId, port);
    port.on('message', (msg: TaskMessage) => this.deliver(msg));
  }

  /** A buffer or credit for a task of this worker, from a peer worker or the main thread. */
  deliver(msg: TaskMessage, origin?: Inbound): void {
    if (msg.t === 'credit') {
      if (!Number.isInteger(msg.credits) || msg.credits <= 0) return this.opts.reportBadInput(msg.jobId, `Credit ${String(msg.credits)} for task ${msg.to} is not a positive integer`, origin);
      // Credit for a producer that is gone has nothing left to release.
      this.partitions.get(partitionKey(msg.to, msg.edge))?.addCredit(msg.channel, msg.credits);
      return;
    }
    const gate = this.gateOf(msg.to, msg.jobId);
    if (gate.isAborted) return;
    let payload;
    try {
      if (!(msg.bytes instanceof Uint8Array)) throw new Error('no bytes');
      payload = decodeNetworkBuffer(msg.bytes);
    } catch (err) {
      return this.opts.reportBadInput(msg.jobId, `A buffer for task ${msg.to} from producer ${msg.from} of edge ${msg.edge} cannot be decoded: ${errorMessage(err)}`, origin);
    }
    gate.receive(msg.edge, msg.from, payload, msg.bytes.byteLength, origin);
  }

  /**
   * Creates the attempt's channels: its gate (keeping input that came before) and a partition
   * per output. `probeInterval` > 0 makes the gate check probe events on every channel.
   */
  setUpTask(tdd: TaskDeploymentDescriptor, probeInterval: number): TaskNetwork {
    const gate = this.gateOf(tdd.executionAttemptId, tdd.jobId);
    const edges = new Map<string, (InputChannel | undefined)[]>();
    for (const input of tdd.inputs) {
      const edge = edgeKey(input.sourceNodeId, input.targetNodeId);
      edges.set(edge, input.producers.map((producer, p) => (isConnected(input.shipStrategy, p, tdd.subtaskIndex) ? new InputChannel(edge, p, producer, this.pathTo(tdd, producer), this.creditPath(tdd, edge, producer)) : undefined)));
    }
    gate.setUp(edges, probeInterval);
    const partitions = new Map<string, ResultPartition>();
    for (const out of tdd.outputs) {
      const edge = edgeKey(out.sourceNodeId, out.targetNodeId);
      const partition = new ResultPartition(out.consumers.map((consumer, c) => (isConnected(out.shipStrategy, tdd.subtaskIndex, c) ? this.outputChannel(tdd, edge, consumer) : undefined)));
      this.partitions.set(partitionKey(tdd.executionAttemptId, edge), partition);
      partitions.set(edge, partition);
    }
    const network = { gate, partitions };
    this.tasks.set(tdd.executionAttemptId, { jobId: tdd.jobId, ...network });
    return network;
  }

  /**
   * The attempt ended: its partitions take no more credit. Unless it finished, its gate drops
   * what it holds and all later input; before the task started, this keeps it from starting.
   */
  releaseTask(attemptId: string, jobId: string, finished: boolean): void {
    const task = this.tasks.get(attemptId);
    this.tasks.delete(attemptId);
    for (const edge of task?.partitions.keys() ?? []) this.partitions.delete(partitionKey(attemptId, edge));
    if (!finished) this.gateOf(attemptId, jobId).abort();
  }

  /** TaskManager `taskManagerId` is gone: every task of `jobId` with an open channel from or to it fails. */
  peerLost(jobId: string, taskManagerId: string, reason: string): void {
    for (const task of this.tasks.values()) {
      if (task.jobId !== jobId) continue;
      if (!task.gate.hasOpenChannelFrom(taskManagerId) && ![...task.partitions.values()].some((p) => p.hasOpenChannelTo(taskManagerId))) continue;
      task.gate.fail(new SluiceError(ErrorCode.NETWORK_PEER_LOST, reason));
    }
  }

  /** The gate of `attemptId`, created (buffering, channels unknown) at its first input. */
  private gateOf(attemptId: string, jobId: string): InputGate {
    let gate = this.gates.get(attemptId);
    if (!gate) {
      gate = new InputGate(jobId, attemptId, (reason, origin) => this.opts.reportBadInput(jobId, reason, origin));
      this.gates.set(attemptId, gate);
    }
    return gate;
  }

  private outputChannel(tdd: TaskDeploymentDescriptor, edge: string, consumer: TaskLocation): OutputChannel {
    if (this.pathTo(tdd, consumer) === 'local') return new LocalOutputChannel(consumer.taskManagerId, this.gateOf(consumer.executionAttemptId, tdd.jobId), edge, tdd.subtaskIndex);
    const address = { jobId: tdd.jobId, to: consumer.executionAttemptId, toAllocation: consumer.allocationId, edge, from: tdd.subtaskIndex };
    return new EncodedOutputChannel(consumer.taskManagerId, address, this.sinkTo(consumer));
  }

  private pathTo(tdd: TaskDeploymentDescriptor, other: TaskLocation): ChannelPath {
    if (other.allocationId === tdd.allocationId) return 'local';
    return this.peers.has(other.allocationId) ? 'thread' : 'remote';
  }

  /** How a consumer returns credit to `producer` of `edge`: the reverse of the channel's path. */
  private creditPath(tdd: TaskDeploymentDescriptor, edge: string, producer: TaskLocation): () => void {
    const channel = tdd.subtaskIndex;
    if (this.pathTo(tdd, producer) === 'local') {
      const key = partitionKey(producer.executionAttemptId, edge);
      return () => this.partitions.get(key)?.addCredit(channel, 1);
    }
    // Posting copies the message, so one object serves every grant.
    const msg: CreditMessage = { t: 'credit', jobId: tdd.jobId, to: producer.executionAttemptId, toAllocation: producer.allocationId, edge, channel, credits: 1 };
    const sink = this.sinkTo(producer);
    return () => sink(msg);
  }

  private sinkTo(location: TaskLocation): TaskMessageSink {
    const port = this.peers.get(location.allocationId);
    return port ? portSink(port) : (msg) => this.opts.sendThroughTaskManager(msg, location);
  }
}
