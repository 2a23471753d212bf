/**
 * A whole Sluice cluster in one process (Flink's MiniCluster): the JobManager's components and N
 * TaskManagers, assembled by the same code as the cluster's processes and talking to each other
 * over the same RPC and data plane on 127.0.0.1 with ephemeral ports. Running the real transport,
 * rather than wiring gateways object to object, is the simplest way to run exactly the code a
 * cluster runs. Tasks run in worker threads, one per slot, as in a TaskManager process. For
 * tests, `sluice run --local` and jobs started directly.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Configuration } from '../common/config/configuration.js';
import { CoreOptions, JobManagerOptions, TaskManagerOptions } from '../common/config/options.js';
import { createLogger, type Logger } from '../common/log.js';
import type { BlobService } from '../protocol/job-packages.js';
import type { DispatcherGateway } from '../protocol/gateways.js';
import { startJobManagerComponents, type JobManagerComponents } from '../entrypoint/job-manager-components.js';
import { startTaskManager, type RunningTaskManager } from '../entrypoint/task-manager-components.js';

export interface MiniClusterOptions {
  /** Default 1. */
  numTaskManagers?: number;
  /** `taskmanager.numberOfTaskSlots` of each TaskManager; default 1. */
  numSlotsPerTaskManager?: number;
  /** Further options (e.g. `parallelism.default`); addresses, ports and work dirs are the mini cluster's own. */
  config?: Configuration;
  /** Default: JSON lines on stderr at `sluice.log.level`, or `error` when unset, so job output stays readable (an orderly shutdown logs warnings). */
  log?: Logger;
}

const LOOPBACK = '127.0.0.1';

export class MiniCluster {
  private closing?: Promise<void>;

  private constructor(
    /** The configuration jobs run with (`parallelism.default`, ...). */
    readonly config: Configuration,
    private readonly jobManager: JobManagerComponents,
    private readonly taskManagers: RunningTaskManager[],
    private readonly rootDir: string,
  ) {}

  /** Starts the JobManager components and the TaskManagers, and waits until every TaskManager has registered. */
  static async start(opts: MiniClusterOptions = {}): Promise<MiniCluster> {
    const base = opts.config ?? new Configuration();
    const log = opts.log ?? createLogger('minicluster', base.contains(CoreOptions.LOG_LEVEL) ? base.get(CoreOptions.LOG_LEVEL) : 'error');
    const rootDir = await mkdtemp(join(tmpdir(), 'sluice-minicluster-'));
    const jobManagerConfig = base
      .with(JobManagerOptions.BIND_HOST, LOOPBACK)
      .with(JobManagerOptions.RPC_ADDRESS, LOOPBACK)
      .with(JobManagerOptions.RPC_PORT, 0)
      .with(JobManagerOptions.WORK_DIR, join(rootDir, 'jobmanager'));
    let jobManager: JobManagerComponents | undefined;
    const taskManagers: RunningTaskManager[] = [];
    try {
      jobManager = await startJobManagerComponents(jobManagerConfig, log.child({ process: 'jobmanager' }));
      for (let i = 0; i < (opts.numTaskManagers ?? 1); i++) {
        const taskManagerConfig = jobManagerConfig
          .with(JobManagerOptions.RPC_PORT, jobManager.rpcPort)
          .with(TaskManagerOptions.NUM_TASK_SLOTS, opts.numSlotsPerTaskManager ?? 1)
          .with(TaskManagerOptions.HOST, LOOPBACK)
          .with(TaskManagerOptions.BIND_HOST, LOOPBACK)
          .with(TaskManagerOptions.RPC_PORT, 0)
          .with(TaskManagerOptions.DATA_PORT, 0)
          .with(TaskManagerOptions.WORK_DIR, join(rootDir, `taskmanager-${i}`));
        taskManagers.push(await startTaskManager(taskManagerConfig, log.child({ process: `taskmanager-${i}` })));
      }
      await Promise.all(taskManagers.map((tm) => tm.registered));
      return new MiniCluster(base, jobManager, taskManagers, rootDir);
    } catch (err) {
      await stopAll(jobManager, taskManagers, rootDir);
      throw err;
    }
  }

  /** The Dispatcher, as a client holds it. */
  get dispatcher(): DispatcherGateway {
    return this.jobManager.dispatcher;
  }

  /** The BlobServer, where job packages go before a job is submitted. */
  get blobs(): BlobService {
    return this.jobManager.blobServer;
  }

  /** Stops the TaskManagers (their workers end with them), then the JobManager, and removes every work dir. Idempotent. */
  close(): Promise<void> {
    this.closing ??= stopAll(this.jobManager, this.taskManagers, this.rootDir);
    return this.closing;
  }
}

async function stopAll(jobManager: JobManagerComponents | undefined, taskManagers: RunningTaskManager[], rootDir: string): Promise<void> {
  await Promise.all(taskManagers.map((tm) => tm.stop()));
  await jobManager?.close();
  await rm(rootDir, { recursive: true, force: true });
}
