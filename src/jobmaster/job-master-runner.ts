/**
 * Runs JobMasters for the Dispatcher: creates the JobMaster of a job, exposes it as an RPC
 * endpoint fenced by its JobMaster id, and removes the endpoint when the job ends.
 */
import { checkpointSettings } from '../checkpoint/checkpoint-settings.js';
import { Configuration } from '../common/config/configuration.js';
import { CheckpointingOptions, ResourceManagerOptions, WebOptions } from '../common/config/options.js';
import { newId } from '../common/ids.js';
import type { Logger } from '../common/log.js';
import type { HeartbeatSettings } from '../heartbeat/heartbeat-settings.js';
import type { JobGraph } from '../protocol/job-graph.js';
import type { Address } from '../protocol/deployment.js';
import { EndpointIds, type GatewayResolver, type JobManagerRunner, type JobManagerRunnerFactory, type ResourceManagerGateway } from '../protocol/gateways.js';
import type { RpcServer } from '../rpc/rpc-server.js';
import { JobMaster } from './job-master.js';
import { createRestartStrategy } from './restart-strategies.js';

export interface JobMasterServiceDeps {
  rpcServer: RpcServer;
  /** The advertised RPC address of this JobManager process. */
  rpcAddress: Address;
  resourceManager: ResourceManagerGateway;
  gateways: GatewayResolver;
  heartbeat: HeartbeatSettings;
  /** The cluster's configuration; a job's own overrides it (restart strategy, slot.request.timeout, checkpointing). */
  clusterConfig: Configuration;
  /** Subscribes to closed RPC connections of this process (a hint that a TaskManager died). */
  onConnectionClosed(listener: (address: Address) => void): () => void;
  log: Logger;
}

/** Creates one JobMaster per submitted job. */
export class DefaultJobManagerRunnerFactory implements JobManagerRunnerFactory {
  constructor(private readonly deps: JobMasterServiceDeps) {}

  /** Throws INVALID_CONFIG (naming the key) for a bad restart strategy or checkpoint setting in the job's configuration. */
  createJobManagerRunner(jobGraph: JobGraph, initializationTimestamp: number): JobManagerRunner {
    const { rpcServer, rpcAddress, resourceManager, gateways, log } = this.deps;
    const config = this.deps.clusterConfig.merge(new Configuration(Object.entries(jobGraph.config)));
    const checkpointing = checkpointSettings(config);
    const restartStrategy = createRestartStrategy(config, checkpointing.interval > 0);
    const endpointId = EndpointIds.jobMaster(jobGraph.jobId);
    const jobMasterId = newId();
    const jobMaster = new JobMaster({
      jobGraph,
      initializationTimestamp,
      jobMasterId,
      selfAddress: { address: rpcAddress, endpointId },
      resourceManager,
      gateways,
      slotRequestTimeoutMs: config.get(ResourceManagerOptions.SLOT_REQUEST_TIMEOUT),
      exceptionHistorySize: config.get(WebOptions.EXCEPTION_HISTORY_SIZE),
      restartStrategy,
      checkpointing,
      // The cluster's default reaches tasks too: they see only the job's configuration.
      stateBackend: config.get(CheckpointingOptions.STATE_BACKEND),
      incrementalCheckpoints: config.get(CheckpointingOptions.INCREMENTAL),
      checkpointHistorySize: config.get(WebOptions.CHECKPOINTS_HISTORY_SIZE),
      heartbeat: this.deps.heartbeat,
      log: log.child({ component: 'JobMaster', jobId: jobGraph.jobId }),
    });
    let unsubscribe: (() => void) | undefined;
    return {
      jobId: jobGraph.jobId,
      jobMasterGateway: jobMaster,
      resultFuture: jobMaster.resultFuture,
      start: () => {
        rpcServer.registerEndpoint(endpointId, jobMaster, () => jobMasterId);
        unsubscribe = this.deps.onConnectionClosed((address) => jobMaster.connectionClosed(address));
        jobMaster.start();
      },
      close: async () => {
        unsubscribe?.();
        await jobMaster.close();
        rpcServer.unregisterEndpoint(endpointId);
      },
    };
  }
}
