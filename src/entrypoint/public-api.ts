/**
 * The package's public entry (`import ... from 'sluice'`): the DataStream API, and local
 * execution — a job file run directly (`npx tsx job.ts`) runs each job on an embedded mini cluster
 * of its own, or with `SLUICE_JOBMANAGER=host:port` on that cluster (src/client). Cluster
 * processes and `sluice run --local` resolve `sluice` to the API module itself
 * (src/program/sluice-resolver.ts), so there this entry never loads, and every thread has exactly
 * one instance of the API.
 */
import { setDefaultExecutorFactory, type PipelineExecutor } from '../api/execution-context.js';
import { Configuration } from '../common/config/configuration.js';

export * from '../api/index.js';

/** With `SLUICE_JOBMANAGER=host:port` the program is submitted to that cluster, once: it has one executor for all its jobs. */
let remoteExecutor: Promise<PipelineExecutor> | undefined;

// Loaded on the first execute(): importing the API must not start (or even load) the runtime.
setDefaultExecutorFactory(async () => {
  const jobManager = process.env.SLUICE_JOBMANAGER;
  if (jobManager) {
    remoteExecutor ??= import('../client/index.js').then((client) => client.entryFileRemoteExecutor(jobManager, process.argv[1], process.argv.slice(2)));
    return remoteExecutor;
  }
  const { entryFileExecutor, perJobCluster } = await import('../minicluster/index.js');
  return entryFileExecutor(process.argv[1], process.argv.slice(2), perJobCluster(new Configuration()));
});
