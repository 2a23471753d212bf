/**
 * A TaskManager process's runtime: RPC and data servers, the TaskExecutor, and the connection to
 * the ResourceManager — registration retried with backoff until it succeeds, then heartbeats
 * carrying the slot report; a lost or restarted JobManager leads back to registration.
 */
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { listenOnConfiguredPort } from '../common/config/configured-port.js';
import { TaskManagerOptions } from '../common/config/options.js';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import type { ResourceId } from '../common/ids.js';
import type { Logger } from '../common/log.js';
import type { ProcessLogFiles } from '../common/process-info/process-log-files.js';
import { HeartbeatManagerSender } from '../heartbeat/heartbeat-manager-sender.js';
import { TcpConnectionManager } from '../network/tcp/index.js';
import type { Address, SlotStatus } from '../protocol/deployment.js';
import { DEFAULT_LEADER_ID, EndpointIds, type BlobServerGateway, type GatewayResolver, type ResourceManagerGateway } from '../protocol/gateways.js';
import { remoteGateway } from '../rpc/gateway-proxy.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { RpcServer } from '../rpc/rpc-server.js';
import { BlobCache } from './blob-cache.js';
import { TaskExecutor } from './task-executor.js';

export interface TaskManagerRunnerOptions {
  resourceId: ResourceId;
  numberOfSlots: number;
  /** Address advertised to others, and the address servers bind to. */
  host: string;
  bindHost: string;
  rpcPort: number;
  dataPort: number;
  jobManagerRpc: Address;
  workDir: string;
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  /** `task.cancellation.timeout`: a cancelled task's worker is terminated after this long. */
  cancellationTimeoutMs: number;
  /** `blob.service.cleanup.interval`. */
  packageRetentionMs: number;
  /** `task.watchdog.timeout`. */
  watchdogTimeoutMs: number;
  registrationTimeoutMs: number;
  /** Young-generation size of each task worker thread, in bytes. */
  taskYoungGenerationBytes: number;
  /** Old-generation heap limit of each task worker thread, in bytes (0: V8's default). */
  taskHeapBytes: number;
  /** The process's log and .out files (the TaskManager process); absent in a mini cluster. */
  logFiles?: ProcessLogFiles;
  log: Logger;
}

const MAX_BACKOFF_MS = 10_000;

/**
 * Flink's HardwareDescription.freeMemory: the heap tasks may use (in Flink, the TaskManager JVM's
 * maximum heap). Here every slot's task worker thread has a heap of its own: the configured
 * `taskmanager.memory.task.heap.size`, or without one V8's default, which is this thread's limit.
 */
function taskHeapLimit(taskHeapBytes: number, numberOfSlots: number): number {
  return numberOfSlots * (taskHeapBytes > 0 ? taskHeapBytes : getHeapStatistics().heap_size_limit);
}

export class TaskManagerRunner {
  private readonly rpcServer = new RpcServer();
  private readonly rpcClient = new RpcClient();
  private readonly network: TcpConnectionManager;
  private taskExecutor?: TaskExecutor;
  private resourceManagerId?: string;
  /** Heartbeats to the ResourceManager registered with (its fencing token is the target id), carrying the slot report. */
  private readonly heartbeats: HeartbeatManagerSender<void, SlotStatus[]>;
  /** The next registration attempt. */
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private registeredOnce?: () => void;
  private rpcAddress?: Address;
  private dataAddress?: Address;
  /** Resolves when the TaskManager registered with a ResourceManager for the first time. */
  readonly registered: Promise<void>;

  constructor(private readonly opts: TaskManagerRunnerOptions) {
    this.network = new TcpConnectionManager(opts.resourceId, {
      onMessage: (msg, via) => this.taskExecutor?.onPeerMessage(msg, via),
      onPeerLost: (lost) => this.taskExecutor?.onPeerLost(lost),
    }, opts.log);
    this.registered = new Promise((resolve) => (this.registeredOnce = resolve));
    this.heartbeats = new HeartbeatManagerSender({
      intervalMs: opts.heartbeatIntervalMs,
      timeoutMs: opts.heartbeatTimeoutMs,
      // One failed heartbeat is enough: a restarted JobManager answers that it does not know this
      // TaskManager, and registering again at once is what brings it back.
      rpcFailureThreshold: 1,
      listener: {
        retrievePayload: () => this.taskExecutor!.slotReport(),
        notifyTargetUnreachable: (_, err) => {
          const code = err instanceof SluiceError ? err.code : undefined;
          opts.log.warn({ err: errorMessage(err), code }, 'Heartbeat to the ResourceManager failed; registering again');
          this.registerAgain(code === ErrorCode.UNKNOWN_TASK_EXECUTOR);
        },
        notifyHeartbeatTimeout: () => {
          opts.log.warn({ timeoutMs: opts.heartbeatTimeoutMs }, 'The ResourceManager did not answer heartbeats within heartbeat.timeout; registering again');
          this.registerAgain(false);
        },
      },
    });
  }

  async start(): Promise<{ rpcPort: number; dataPort: number }> {
    const { opts } = this;
    const rpcPort = await listenOnConfiguredPort(TaskManagerOptions.RPC_PORT, opts.bindHost, opts.rpcPort, (host, port) => this.rpcServer.listen(host, port));
    const dataPort = await listenOnConfiguredPort(TaskManagerOptions.DATA_PORT, opts.bindHost, opts.dataPort, (host, port) => this.network.listen(host, port)).catch(async (err: unknown) => {
      await this.rpcServer.close();
      throw err;
    });
    this.rpcAddress = { host: opts.host, port: rpcPort };
    this.dataAddress = { host: opts.host, port: dataPort };
    const gateways: GatewayResolver = (target, token) => remoteGateway(this.rpcClient, target, token);
    const blobServer = gateways<BlobServerGateway>({ address: opts.jobManagerRpc, endpointId: EndpointIds.BLOB_SERVER });
    this.taskExecutor = new TaskExecutor({
      resourceId: opts.resourceId,
      numberOfSlots: opts.numberOfSlots,
      rpcAddress: this.rpcAddress,
      dataAddress: this.dataAddress,
      blobCache: new BlobCache(join(opts.workDir, 'blobs'), () => blobServer),
      packageCacheDir: join(opts.workDir, 'packages'),
      localStateDir: join(opts.workDir, 'state'),
      network: this.network,
      gateways,
      workerResourceLimits: {
        maxYoungGenerationSizeMb: Math.max(1, Math.round(opts.taskYoungGenerationBytes / 1024 ** 2)),
        ...(opts.taskHeapBytes > 0 && { maxOldGenerationSizeMb: Math.max(1, Math.round(opts.taskHeapBytes / 1024 ** 2)) }),
      },
      resourceManagerId: () => this.resourceManagerId,
      resourceManager: () => this.resourceManagerGateway(),
      jobManagerHeartbeatTimeoutMs: opts.heartbeatTimeoutMs,
      cancellationTimeoutMs: opts.cancellationTimeoutMs,
      packageRetentionMs: opts.packageRetentionMs,
      watchdogTimeoutMs: opts.watchdogTimeoutMs,
      logFiles: opts.logFiles,
      log: opts.log,
    });
    this.taskExecutor.start();
    this.rpcServer.registerEndpoint(EndpointIds.TASK_EXECUTOR, this.taskExecutor);
    opts.log.info({ resourceId: opts.resourceId, rpcPort, dataPort, slots: opts.numberOfSlots }, 'TaskManager started');
    this.register(Date.now(), 100);
    return { rpcPort, dataPort };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.heartbeats.stop();
    const rm = this.resourceManagerGateway();
    if (this.resourceManagerId) await rm.disconnectTaskManager(this.opts.resourceId, 'TaskManager is shutting down').catch(() => undefined);
    await this.taskExecutor?.shutdown();
    this.rpcClient.close();
    await this.network.close();
    await this.rpcServer.close();
  }

  private resourceManagerGateway(): ResourceManagerGateway {
    return remoteGateway<ResourceManagerGateway>(this.rpcClient, { address: this.opts.jobManagerRpc, endpointId: EndpointIds.RESOURCE_MANAGER }, DEFAULT_LEADER_ID);
  }

  private register(since: number, backoffMs: number): void {
    if (this.stopped) return;
    const { opts } = this;
    const reg = {
      resourceId: opts.resourceId,
      rpcAddress: this.rpcAddress!,
      dataAddress: this.dataAddress!,
      dataPort: this.dataAddress!.port,
      numberOfSlots: opts.numberOfSlots,
      hardware: { cpuCores: cpus().length, physicalMemory: totalmem(), freeMemory: taskHeapLimit(opts.taskHeapBytes, opts.numberOfSlots), managedMemory: 0 },
    };
    this.resourceManagerGateway()
      .registerTaskExecutor(reg)
      .then((res) => {
        this.resourceManagerId = res.resourceManagerId;
        opts.log.info({ jobManager: opts.jobManagerRpc }, 'Registered at the ResourceManager');
        this.registeredOnce?.();
        const rm = this.resourceManagerGateway();
        this.heartbeats.monitorTarget(res.resourceManagerId, { requestHeartbeat: (slots) => rm.heartbeatFromTaskManager(opts.resourceId, slots) });
      })
      .catch((err: unknown) => {
        if (this.stopped) return;
        if (Date.now() - since > opts.registrationTimeoutMs) {
          opts.log.fatal({ err: errorMessage(err) }, `Could not register at the ResourceManager within taskmanager.registration.timeout (${opts.registrationTimeoutMs} ms)`);
          process.exitCode = 1;
          void this.stop();
          return;
        }
        opts.log.debug({ err: errorMessage(err), retryInMs: backoffMs }, 'Registration at the ResourceManager failed; retrying');
        this.timer = setTimeout(() => this.register(since, Math.min(MAX_BACKOFF_MS, backoffMs * 2)), backoffMs);
      });
  }

  /**
   * The ResourceManager is lost to this TaskManager (no longer monitored): register again.
   * `answered`: it answered that it does not know this TaskManager (it restarted), so slot
   * requests carrying its token stay accepted meanwhile.
   */
  private registerAgain(answered: boolean): void {
    if (!answered) this.resourceManagerId = undefined;
    this.register(Date.now(), 100);
  }
}
