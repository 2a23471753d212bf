/**
 * Assembles a TaskManager from its configuration: the TaskManager process runs one, the mini
 * cluster several.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from '../common/config/configuration.js';
import { JobManagerOptions, TaskManagerOptions, TaskOptions } from '../common/config/options.js';
import { newId } from '../common/ids.js';
import type { Logger } from '../common/log.js';
import type { ProcessLogFiles } from '../common/process-info/process-log-files.js';
import { heartbeatSettings } from '../heartbeat/heartbeat-settings.js';
import { TaskManagerRunner } from '../taskmanager/task-manager-runner.js';

/** A started TaskManager. */
export interface RunningTaskManager {
  /** Resolves once it registered with the ResourceManager. */
  registered: Promise<void>;
  /** Ends it and removes its work dir when that was a temporary one. */
  stop(): Promise<void>;
}

/**
 * Starts a TaskManager that registers with the JobManager at `jobmanager.rpc.address`/`port`;
 * `logFiles` are the files of its process, served through the REST API.
 */
export async function startTaskManager(config: Configuration, log: Logger, logFiles?: ProcessLogFiles): Promise<RunningTaskManager> {
  const heartbeat = heartbeatSettings(config);
  const configuredWorkDir = config.get(TaskManagerOptions.WORK_DIR);
  const workDir = configuredWorkDir || (await mkdtemp(join(tmpdir(), 'sluice-tm-')));
  await mkdir(workDir, { recursive: true });
  const runner = new TaskManagerRunner({
    resourceId: config.get(TaskManagerOptions.RESOURCE_ID) || newId(),
    numberOfSlots: config.get(TaskManagerOptions.NUM_TASK_SLOTS),
    host: config.get(TaskManagerOptions.HOST),
    bindHost: config.get(TaskManagerOptions.BIND_HOST),
    rpcPort: config.get(TaskManagerOptions.RPC_PORT),
    dataPort: config.get(TaskManagerOptions.DATA_PORT),
    jobManagerRpc: { host: config.get(JobManagerOptions.RPC_ADDRESS), port: config.get(JobManagerOptions.RPC_PORT) },
    workDir,
    heartbeatIntervalMs: heartbeat.intervalMs,
    heartbeatTimeoutMs: heartbeat.timeoutMs,
    cancellationTimeoutMs: config.get(TaskOptions.CANCELLATION_TIMEOUT),
    packageRetentionMs: config.get(TaskManagerOptions.BLOB_CLEANUP_INTERVAL),
    watchdogTimeoutMs: config.get(TaskOptions.WATCHDOG_TIMEOUT),
    registrationTimeoutMs: config.get(TaskManagerOptions.REGISTRATION_TIMEOUT),
    taskYoungGenerationBytes: config.get(TaskManagerOptions.TASK_YOUNG_GENERATION_SIZE),
    taskHeapBytes: config.get(TaskManagerOptions.TASK_HEAP_SIZE),
    logFiles,
    log,
  });
  await runner.start().catch(async (err: unknown) => {
    if (!configuredWorkDir) await rm(workDir, { recursive: true, force: true });
    throw err;
  });
  return {
    registered: runner.registered,
    async stop() {
      await runner.stop();
      if (!configuredWorkDir) await rm(workDir, { recursive: true, force: true });
    },
  };
}
