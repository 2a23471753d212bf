/**
 * Assembles a JobManager: RPC server, BlobServer, ResourceManager, Dispatcher with its JobMaster
 * factory, and the REST server — the one place that picks the implementations.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from '../common/config/configuration.js';
import { CoreOptions, HeartbeatOptions, JobManagerOptions, ResourceManagerOptions, RestOptions, WebOptions } from '../common/config/options.js';
import type { Logger } from '../common/log.js';
import { BlobServer } from '../blob/blob-server.js';
import { Dispatcher } from '../dispatcher/dispatcher.js';
import { StandaloneJobGraphStore } from '../ha/standalone-job-graph-store.js';
import { DefaultJobManagerRunnerFactory } from '../jobmaster/job-master-runner.js';
import { ChildProcessJobPackageService } from '../program/index.js';
import { DEFAULT_LEADER_ID, EndpointIds, type GatewayResolver } from '../protocol/gateways.js';
import { ResourceManager } from '../resourcemanager/resource-manager.js';
import { createRestServer } from '../rest/index.js';
import { remoteGateway } from '../rpc/gateway-proxy.js';
import { RpcClient } from '../rpc/rpc-client.js';
import { RpcServer } from '../rpc/rpc-server.js';

/** A started JobManager. */
export interface RunningJobManager {
  rpcPort: number;
  restPort: number;
  workDir: string;
  dispatcher: Dispatcher;
  stop(): Promise<void>;
}

export async function startJobManager(config: Configuration, log: Logger): Promise<RunningJobManager> {
  const configuredWorkDir = config.get(JobManagerOptions.WORK_DIR);
  const workDir = configuredWorkDir || (await mkdtemp(join(tmpdir(), 'sluice-jm-')));
  await mkdir(workDir, { recursive: true });
  const rpcServer = new RpcServer();
  const rpcClient = new RpcClient();
  const gateways: GatewayResolver = (target, token) => remoteGateway(rpcClient, target, token);
  const rpcPort = await rpcServer.listen(config.get(JobManagerOptions.BIND_HOST), config.get(JobManagerOptions.RPC_PORT));
  const rpcAddress = { host: config.get(JobManagerOptions.RPC_ADDRESS), port: rpcPort };

  const blobServer = new BlobServer(join(workDir, 'blobs'));
  await blobServer.start();
  const resourceManager = new ResourceManager({
    resourceManagerId: DEFAULT_LEADER_ID,
    evenlySpreadOutSlots: config.get(ResourceManagerOptions.EVENLY_SPREAD_OUT_SLOTS),
    heartbeatTimeoutMs: config.get(HeartbeatOptions.TIMEOUT),
    gateways,
    log: log.child({ component: 'ResourceManager' }),
  });
  resourceManager.start();
  const dispatcher = new Dispatcher({
    resourceManager,
    runnerFactory: new DefaultJobManagerRunnerFactory({
      rpcServer,
      rpcAddress,
      resourceManager,
      gateways,
      slotRequestTimeoutMs: config.get(ResourceManagerOptions.SLOT_REQUEST_TIMEOUT),
      log,
    }),
    jobGraphStore: new StandaloneJobGraphStore(),
    archiveExpirationMs: config.get(JobManagerOptions.JOBSTORE_EXPIRATION),
    log: log.child({ component: 'Dispatcher' }),
  });
  rpcServer.registerEndpoint(EndpointIds.RESOURCE_MANAGER, resourceManager, () => DEFAULT_LEADER_ID);
  rpcServer.registerEndpoint(EndpointIds.DISPATCHER, dispatcher, () => DEFAULT_LEADER_ID);
  rpcServer.registerEndpoint(EndpointIds.BLOB_SERVER, blobServer);

  const uploadDir = config.get(WebOptions.UPLOAD_DIR) || join(workDir, 'web-upload');
  await mkdir(uploadDir, { recursive: true });
  const rest = await createRestServer({
    dispatcher,
    packages: new ChildProcessJobPackageService({
      cacheDir: join(workDir, 'packages'),
      timeoutMs: config.get(WebOptions.PLAN_EXTRACTION_TIMEOUT),
      maxHeapBytes: config.get(WebOptions.PLAN_EXTRACTION_MEMORY),
      defaultParallelism: config.get(CoreOptions.DEFAULT_PARALLELISM),
      defaultMaxParallelism: config.get(CoreOptions.MAX_PARALLELISM),
    }),
    blobs: blobServer,
    config,
    uploadDir,
    log: log.child({ component: 'Rest' }),
  });
  const restPort = await rest.listen(config.get(RestOptions.BIND_ADDRESS), config.get(RestOptions.PORT));
  log.info({ rpcPort, restPort, workDir }, `JobManager started; REST API and Web UI at http://${config.get(RestOptions.ADDRESS)}:${restPort}`);

  return {
    rpcPort,
    restPort,
    workDir,
    dispatcher,
    async stop() {
      await rest.close();
      await dispatcher.close();
      resourceManager.stop();
      rpcClient.close();
      await rpcServer.close();
      // A temporary work dir holds nothing worth keeping once the process ends.
      if (!configuredWorkDir) await rm(workDir, { recursive: true, force: true });
    },
  };
}
