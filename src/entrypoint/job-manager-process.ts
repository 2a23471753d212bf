/**
 * Assembles a JobManager process: the runtime components (shared with the mini cluster) and the
 * REST server with its isolated plan extraction — the one place that picks the implementations.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { checkSnapshotRestore } from '../checkpoint/snapshot-restore.js';
import type { Configuration } from '../common/config/configuration.js';
import { listenOnConfiguredPort } from '../common/config/configured-port.js';
import { CoreOptions, RestOptions, WebOptions } from '../common/config/options.js';
import type { Logger } from '../common/log.js';
import { ProcessIntrospection } from '../common/process-info/process-introspection.js';
import type { ProcessLogFiles } from '../common/process-info/process-log-files.js';
import type { Dispatcher } from '../dispatcher/dispatcher.js';
import { startJobManagerComponents } from './job-manager-components.js';
import { ChildProcessJobPackageService } from '../program/index.js';
import { createRestServer } from '../rest/index.js';

/** A started JobManager. */
export interface RunningJobManager {
  rpcPort: number;
  restPort: number;
  workDir: string;
  dispatcher: Dispatcher;
  stop(): Promise<void>;
}

/** Starts a JobManager; `logFiles` are the files of its process, served through the REST API. */
export async function startJobManager(config: Configuration, log: Logger, logFiles?: ProcessLogFiles): Promise<RunningJobManager> {
  const components = await startJobManagerComponents(config, log);
  const { rpcPort, workDir, blobServer, dispatcher } = components;
  const uploadDir = config.get(WebOptions.UPLOAD_DIR) || join(workDir, 'web-upload');
  await mkdir(uploadDir, { recursive: true });
  const packages = new ChildProcessJobPackageService({
    cacheDir: join(workDir, 'packages'),
    timeoutMs: config.get(WebOptions.PLAN_EXTRACTION_TIMEOUT),
    maxHeapBytes: config.get(WebOptions.PLAN_EXTRACTION_MEMORY),
    poolSize: config.get(WebOptions.PLAN_EXTRACTION_POOL_SIZE),
    queueSize: config.get(WebOptions.PLAN_EXTRACTION_QUEUE_SIZE),
    defaultParallelism: config.get(CoreOptions.DEFAULT_PARALLELISM),
    defaultMaxParallelism: config.get(CoreOptions.MAX_PARALLELISM),
  });
  const rest = await createRestServer({
    dispatcher,
    packages,
    blobs: blobServer,
    checkSnapshotRestore,
    config,
    uploadDir,
    jobManagerProcess: new ProcessIntrospection({ owner: 'the JobManager', logFiles }),
    log: log.child({ component: 'Rest' }),
  });
  const stop = async (): Promise<void> => {
    await rest.close();
    packages.close();
    await components.close();
  };
  const restPort = await listenOnConfiguredPort(RestOptions.PORT, config.get(RestOptions.BIND_ADDRESS), config.get(RestOptions.PORT), (host, port) => rest.listen(host, port)).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  log.info({ rpcPort, restPort, workDir }, `JobManager started; REST API and Web UI at http://${config.get(RestOptions.ADDRESS)}:${restPort}`);

  return {
    rpcPort,
    restPort,
    workDir,
    dispatcher,
    stop,
  };
}
