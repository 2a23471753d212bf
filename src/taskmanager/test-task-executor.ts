/**
 * A TaskExecutor for protocol tests: two slots, no worker threads until a task is deployed, a
 * data plane that is never listened on, and the given JobMaster and ResourceManager fakes.
 */
import { silentLogger } from '../common/log.js';
import { TcpConnectionManager } from '../network/tcp/index.js';
import type { JobMasterGateway, ResourceManagerGateway } from '../protocol/gateways.js';
import type { BlobCache } from './blob-cache.js';
import { TaskExecutor, type TaskExecutorOptions } from './task-executor.js';

export function testTaskExecutor(jobMaster: JobMasterGateway, resourceManager: ResourceManagerGateway, overrides: Partial<TaskExecutorOptions> = {}): TaskExecutor {
  const resourceId = overrides.resourceId ?? 'tm';
  return new TaskExecutor({
    resourceId,
    numberOfSlots: 2,
    rpcAddress: { host: '127.0.0.1', port: 1 },
    dataAddress: { host: '127.0.0.1', port: 2 },
    // Only deployments use these.
    blobCache: {} as BlobCache,
    packageCacheDir: '',
    localStateDir: '',
    network: new TcpConnectionManager(resourceId, { onMessage: () => undefined, onPeerLost: () => undefined }, silentLogger()),
    gateways: <G extends object>() => jobMaster as G,
    workerResourceLimits: {},
    resourceManagerId: () => 'rm',
    resourceManager: () => resourceManager,
    jobManagerHeartbeatTimeoutMs: 60_000,
    cancellationTimeoutMs: 0,
    watchdogTimeoutMs: 0,
    packageRetentionMs: 0,
    log: silentLogger(),
    ...overrides,
  });
}
