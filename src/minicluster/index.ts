/** Everything in one process: the mini cluster and local execution (assembled by entrypoint/'s component code). */
export { MiniCluster, type MiniClusterOptions } from './mini-cluster.js';
export { perJobCluster, sharedCluster, type ClusterLease, type ClusterProvider } from './cluster-provider.js';
export { LocalExecutor, type LocalExecutorOptions, type LocalProgram } from './local-executor.js';
export { entryFileExecutor, runLocalProgram, type LocalRunOptions } from './local-program.js';
