/** Assembles a TaskManager from its configuration. */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Configuration } from '../common/config/configuration.js';
import { HeartbeatOptions, JobManagerOptions, TaskManagerOptions } from '../common/config/options.js';
import { newId } from '../common/ids.js';
import type { Logger } from '../common/log.js';
import { TaskManagerRunner } from '../taskmanager/task-manager-runner.js';

/** Starts a TaskManager; `stop()` ends it and removes its work dir when that was a temporary one. */
export async function startTaskManager(config: Configuration, log: Logger): Promise<{ stop(): Promise<void> }> {
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
    heartbeatIntervalMs: config.get(HeartbeatOptions.INTERVAL),
    registrationTimeoutMs: config.get(TaskManagerOptions.REGISTRATION_TIMEOUT),
    taskYoungGenerationBytes: config.get(TaskManagerOptions.TASK_YOUNG_GENERATION_SIZE),
    log,
  });
  await runner.start();
  return {
    async stop() {
      await runner.stop();
      if (!configuredWorkDir) await rm(workDir, { recursive: true, force: true });
    },
  };
}
