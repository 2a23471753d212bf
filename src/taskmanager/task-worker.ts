/**
 * The task side of a slot's worker thread: deploys task attempts (rebuilding the job's
 * StreamGraph from its package in plan mode and checking the graph's fingerprint), wires each
 * StreamTask to its gate and partitions in the worker's NetworkEnvironment, cancels, routes
 * checkpoint triggers and notifications to its tasks, and reports states, metrics and checkpoint
 * acknowledgements to the TaskExecutor.
 */
import { rm } from 'node:fs/promises';
import type { MessagePort } from 'node:worker_threads';
import type { StreamGraph } from '../api/stream-graph.js';
import { Configuration } from '../common/config/configuration.js';
import { CheckpointingOptions, CoreOptions, TaskManagerOptions } from '../common/config/options.js';
import { ErrorCode, SluiceError, serializeError } from '../common/errors.js';
import { createJobGraph } from '../graph/index.js';
import { NetworkEnvironment, type InputGate, type TaskMessage } from '../network/index.js';
import { CollectChannel, StreamTask, taskOutputs } from '../operators/index.js';
import { captureStreamGraph, openJobPackage } from '../program/index.js';
import type { CheckpointTrigger } from '../protocol/checkpoints.js';
import { encodeCollectBatch } from '../protocol/collect-batch-codec.js';
import type { TaskDeploymentDescriptor } from '../protocol/deployment.js';
import type { JobVertex } from '../protocol/job-graph.js';
import type { ExecutionState } from '../protocol/states.js';
import type { FromWorker, ToWorker } from './worker-messages.js';

/**
 * How often running tasks report their counters (records, bytes, busy/idle/backpressured time);
 * an idle worker says it is alive instead, so the TaskExecutor's watchdog hears from every worker.
 */
const METRICS_INTERVAL_MS = 1000;

/** The transferable buffer of a message, if it carries bytes. */
function transferOf(msg: TaskMessage): ArrayBuffer[] {
  return msg.t === 'data' ? [msg.bytes.buffer as ArrayBuffer] : [];
}

export class TaskWorker {
  private readonly network: NetworkEnvironment;
  private readonly tasks = new Map<string, StreamTask>();
  /** Collect channels (executeAndCollect) of running tasks, by attempt id. */
  private readonly collectChannels = new Map<string, CollectChannel>();
  /** Plan captures run one at a time per thread (the API's context executor is per thread). */
  private captureQueue: Promise<unknown> = Promise.resolve();
  // print() output goes to the TaskManager's stdout through the same port as task states (not the
  // worker's own async stdout stream), so every line is written before the task's FINISHED is.
  private readonly stdout = { write: (text: string) => this.post({ t: 'print', stderr: false, text }) };
  private readonly stderr = { write: (text: string) => this.post({ t: 'print', stderr: true, text }) };

  /** `port` leads to the TaskExecutor (the worker's parent port). */
  constructor(private readonly port: MessagePort) {
    this.network = new NetworkEnvironment({
      sendThroughTaskManager: (msg, to) => this.post({ t: 'out', dest: { taskManagerId: to.taskManagerId, host: to.dataAddress.host, port: to.dataAddress.port }, msg }, transferOf(msg)),
      reportBadInput: (jobId, reason, origin) => this.post({ t: 'badInput', jobId, reason, via: origin?.via, peer: origin?.peer }),
    });
  }

  /** Starts the periodic metrics (or alive) reports. */
  start(): void {
    setInterval(() => {
      if (this.tasks.size === 0) return this.post({ t: 'alive' });
      this.post({ t: 'metrics', updates: [...this.tasks].map(([executionAttemptId, task]) => ({ jobId: task.jobId, executionAttemptId, metrics: task.currentMetrics() })) });
    }, METRICS_INTERVAL_MS).unref();
  }

  handle(msg: ToWorker): void {
    switch (msg.t) {
      case 'deploy':
        void this.deploy(msg.tdd, msg.packagePath, msg.cacheDir, msg.localStateDir);
        break;
      case 'cancel':
        // A task still loading its package sees its gate aborted and does not start.
        if (this.tasks.has(msg.executionAttemptId)) this.tasks.get(msg.executionAttemptId)!.cancel();
        else this.network.releaseTask(msg.executionAttemptId, msg.jobId, false);
        this.collectChannels.get(msg.executionAttemptId)?.abort();
        break;
      case 'collectCredit':
        this.collectChannels.get(msg.executionAttemptId)?.addCredit(msg.credits);
        break;
      case 'triggerCheckpoint':
        this.triggerCheckpoint(msg.executionAttemptId, msg.trigger);
        break;
      case 'checkpointNotification': {
        // A task that is gone has nothing to commit or drop.
        const task = this.tasks.get(msg.executionAttemptId);
        if (msg.completed) task?.notifyCheckpointComplete(msg.checkpointId);
        else task?.notifyCheckpointAborted(msg.checkpointId);
        break;
      }
      case 'connect':
        this.network.connectPeer(msg.allocationId, msg.port);
        break;
      case 'peerLost':
        this.network.peerLost(msg.jobId, msg.taskManagerId, msg.reason);
        break;
      case 'data':
      case 'credit':
        this.network.deliver(msg, msg.via === undefined ? undefined : { via: msg.via, peer: msg.peer });
        break;
    }
  }

  /** A trigger for an attempt that is not running here (still loading, or ended) is declined. */
  private triggerCheckpoint(executionAttemptId: string, trigger: CheckpointTrigger): void {
    const task = this.tasks.get(executionAttemptId);
    if (task) return task.triggerCheckpoint(trigger);
    const reason = new SluiceError(ErrorCode.CHECKPOINT_DECLINED, `Checkpoint ${trigger.checkpointId} was triggered at task attempt ${executionAttemptId}, which is not running in this worker`);
    this.post({ t: 'checkpointDecline', executionAttemptId, decline: { checkpointId: trigger.checkpointId, reason: serializeError(reason) } });
  }

  private post(msg: FromWorker, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(msg, transfer);
  }

  private reportState(executionAttemptId: string, state: ExecutionState, task?: StreamTask, err?: unknown): void {
    this.post({ t: 'state', executionAttemptId, state, error: err === undefined ? undefined : serializeError(err), metrics: task?.currentMetrics() });
  }

  private async deploy(tdd: TaskDeploymentDescriptor, packagePath: string, cacheDir: string, localStateDir: string): Promise<void> {
    const id = tdd.executionAttemptId;
    let task: StreamTask | undefined;
    let finished = false;
    try {
      const jobConfig = new Configuration(Object.entries(tdd.jobConfig));
      const probeInterval = jobConfig.get(TaskManagerOptions.NETWORK_PROBE_INTERVAL);
      // Channels first, so input that arrives while the package loads is checked as it comes.
      const { gate, partitions } = this.network.setUpTask(tdd, probeInterval);
      this.reportState(id, 'INITIALIZING');
      const streamGraph = await this.rebuildStreamGraph(tdd, packagePath, cacheDir);
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
      const bufferTimeoutMs = jobConfig.get(CoreOptions.BUFFER_TIMEOUT);
      const collect = this.createCollectChannel(tdd, streamGraph, vertex, gate, bufferTimeoutMs);
      task = new StreamTask({
        jobId: tdd.jobId,
        streamGraph,
        vertex,
        subtaskIndex: tdd.subtaskIndex,
        attemptNumber: tdd.attemptNumber,
        outputs: taskOutputs(tdd.outputs, partitions, rebuilt.vertices),
        input: gate,
        print: { stdout: this.stdout, stderr: this.stderr, collect },
        bufferTimeoutMs,
        probeInterval,
        // A collect sink holds its input credit back while the JobMaster's buffer is full.
        grantCredit: collect && ((edge, producer) => collect.grantInputCredit(edge, producer)),
        checkpointing: {
          mode: jobConfig.get(CheckpointingOptions.MODE),
          directory: jobConfig.get(CheckpointingOptions.DIRECTORY),
          responder: {
            acknowledge: (ack) => this.post({ t: 'checkpointAck', executionAttemptId: id, ack }),
            decline: (decline) => this.post({ t: 'checkpointDecline', executionAttemptId: id, decline }),
          },
        },
        stateBackend: { type: jobConfig.get(CheckpointingOptions.STATE_BACKEND), localDirectory: localStateDir, incremental: jobConfig.get(CheckpointingOptions.INCREMENTAL) },
        restore: tdd.restore,
      });
      this.tasks.set(id, task);
      if (gate.isAborted) task.cancel();
      this.reportState(id, 'RUNNING', task);
      await task.run();
      finished = true;
      if (probeInterval > 0 && gate.numberOfChannels > 0) this.logProbes(tdd, gate);
      this.reportState(id, 'FINISHED', task);
    } catch (err) {
      this.reportState(id, task?.isCancelled ? 'CANCELED' : 'FAILED', task, task?.isCancelled ? undefined : err);
    } finally {
      this.tasks.delete(id);
      this.collectChannels.delete(id);
      this.network.releaseTask(id, tdd.jobId, finished);
      // The operators disposed their backends on close; this takes whatever a failed dispose left.
      await rm(localStateDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private rebuildStreamGraph(tdd: TaskDeploymentDescriptor, packagePath: string, cacheDir: string): Promise<StreamGraph> {
    const next = this.captureQueue.then(async () => {
      const pkg = await openJobPackage(packagePath, { cacheDir });
      return captureStreamGraph(pkg.bundlePath, tdd.program.entryClass, tdd.program.args);
    });
    this.captureQueue = next.catch(() => undefined);
    return next;
  }

  /** The channel to the JobMaster if the task runs a collect sink (the sink always runs alone in its task). */
  private createCollectChannel(tdd: TaskDeploymentDescriptor, streamGraph: StreamGraph, vertex: JobVertex, gate: InputGate, flushIntervalMs: number): CollectChannel | undefined {
    const sink = vertex.operators.find((o) => {
      const spec = streamGraph.nodes.find((n) => n.id === o.nodeId)?.operator;
      return spec?.kind === 'sink' && spec.sink.type === 'collect';
    });
    if (!sink) return undefined;
    const channel = new CollectChannel((records, end) => {
      const bytes = encodeCollectBatch(records);
      this.post({ t: 'collect', executionAttemptId: tdd.executionAttemptId, operatorId: sink.operatorId, bytes, count: records.length, end }, [bytes.buffer as ArrayBuffer]);
    }, (edge, producer) => gate.returnCredit(edge, producer), flushIntervalMs);
    this.collectChannels.set(tdd.executionAttemptId, channel);
    return channel;
  }

  /** `taskmanager.network.probe-interval`: how many probes the finished task checked, per channel. */
  private logProbes(tdd: TaskDeploymentDescriptor, gate: InputGate): void {
    const perChannel = gate.channels().map((c) => ({ edge: c.edge, producer: c.producerIndex, path: c.path, probes: c.probesVerified, records: c.recordsConsumed }));
    this.post({ t: 'log', level: 'info', text: 'Probe events verified', fields: { task: `${tdd.taskName} (${tdd.subtaskIndex + 1}/${tdd.parallelism})`, executionAttemptId: tdd.executionAttemptId, channels: perChannel } });
  }
}

