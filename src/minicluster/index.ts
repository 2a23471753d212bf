/** Everything in one process: the mini cluster, local execution, and the component assembly shared with the process mains. */
export { MiniCluster, type MiniClusterOptions } from './mini-cluster.js';
export { perJobCluster, sharedCluster, type ClusterLease, type ClusterProvider } from './cluster-provider.js';
export { LocalExecutor, type LocalExecutorOptions, type LocalProgram } from './local-executor.js';
export { entryFileExecutor, runLocalProgram, type LocalRunOptions } from './local-program.js';
export { startJobManagerComponents, type JobManagerComponents } from './job-manager-components.js';
export { startTaskManager, type RunningTaskManager } from './task-manager-components.js';
