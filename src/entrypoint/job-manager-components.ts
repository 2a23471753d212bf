/**
 * The runtime components of a JobManager behind one RPC server: BlobServer, ResourceManager, and
 * the Dispatcher with its JobMaster factory (Flink's DispatcherResourceManagerComponent). The
 * JobManager process adds the REST server on top; the mini cluster uses them as they are.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disposeSavepoint } from '../checkpoint/savepoint-storage.js';
import type { Configuration } from '../common/config/configuration.js';
import { listenOnConfiguredPort } from '../common/config/configured-port.js';
import { JobManagerOptions, ResourceManagerOptions, RestOptions } from '../common/config/options.js';
import type { Logger } from '../common/log.js';
import { heartbeatSettings } from '../heartbeat/heartbeat-settings.js';
import { BlobServer } from '../blob/blob-server.js';
import { Dispatcher } from '../dispatcher/dispatcher.js';
import { StandaloneJobGraphStore } from '../ha/standalone-job-graph-store.js';
import { DefaultJobManagerRunnerFactory } from '../jobmaster/job-master-runner.js';
import { DEFAULT_LEADER_ID, EndpointIds, type GatewayResolver } from '../protocol/gateways.js';
import { ResourceManager } from '../resourcemanager/resource-manager.js';
import { remoteGateway } from '../rpc/gateway-proxy.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { RpcServer } from '../rpc/rpc-server.js';

/** Started JobManager components. */
export interface JobManagerComponents {
  /** The bound RPC port (`jobmanager.rpc.port` may be 0). */
  rpcPort: number;
  /** `jobmanager.work.dir`, or a temporary directory removed by `close()`. */
  workDir: string;
  blobServer: BlobServer;
  dispatcher: Dispatcher;
  /** Stops every JobMaster, the ResourceManager and the RPC server. */
  close(): Promise<void>;
}

/** Starts the components as the configuration says (RPC address and port, work dir, timeouts). */
export async function startJobManagerComponents(config: Configuration, log: Logger): Promise<JobManagerComponents> {
  const heartbeat = heartbeatSettings(config);
  const rpcServer = new RpcServer();
  // First, so a port that is taken stops the start before anything else exists.
  const rpcPort = await listenOnConfiguredPort(JobManagerOptions.RPC_PORT, config.get(JobManagerOptions.BIND_HOST), config.get(JobManagerOptions.RPC_PORT), (host, port) => rpcServer.listen(host, port));
  const configuredWorkDir = config.get(JobManagerOptions.WORK_DIR);
  const workDir = configuredWorkDir || (await mkdtemp(join(tmpdir(), 'sluice-jm-')));
  await mkdir(workDir, { recursive: true });
  const rpcClient = new RpcClient();
  const gateways: GatewayResolver = (target, token) => remoteGateway(rpcClient, target, token);
  const rpcAddress = { host: config.get(JobManagerOptions.RPC_ADDRESS), port: rpcPort };

  const blobServer = new BlobServer(join(workDir, 'blobs'));
  await blobServer.start();
  const resourceManager = new ResourceManager({
    resourceManagerId: DEFAULT_LEADER_ID,
    evenlySpreadOutSlots: config.get(ResourceManagerOptions.EVENLY_SPREAD_OUT_SLOTS),
    heartbeatTimeoutMs: heartbeat.timeoutMs,
    gateways,
    log: log.child({ component: 'ResourceManager' }),
  });
  const dispatcher = new Dispatcher({
    resourceManager,
    runnerFactory: new DefaultJobManagerRunnerFactory({
      rpcServer,
      rpcAddress,
      resourceManager,
      gateways,
      heartbeat,
      clusterConfig: config,
      onConnectionClosed: (listener) => rpcClient.onConnectionClosed(listener),
      log,
    }),
    jobGraphStore: new StandaloneJobGraphStore(),
    archiveExpirationMs: config.get(JobManagerOptions.JOBSTORE_EXPIRATION),
    operationStoreDurationMs: config.get(RestOptions.ASYNC_STORE_DURATION),
    disposeSavepoint,
    blobStore: blobServer,
    log: log.child({ component: 'Dispatcher' }),
  });
  rpcServer.registerEndpoint(EndpointIds.RESOURCE_MANAGER, resourceManager, () => DEFAULT_LEADER_ID);
  rpcServer.registerEndpoint(EndpointIds.DISPATCHER, dispatcher, () => DEFAULT_LEADER_ID);
  rpcServer.registerEndpoint(EndpointIds.BLOB_SERVER, blobServer);

  return {
    rpcPort,
    workDir,
    blobServer,
    dispatcher,
    async close() {
      await dispatcher.close();
      resourceManager.stop();
      rpcClient.close();
      await rpcServer.close();
      // A temporary work dir holds nothing worth keeping once the JobManager ends.
      if (!configuredWorkDir) await rm(workDir, { recursive: true, force: true });
    },
  };
}
