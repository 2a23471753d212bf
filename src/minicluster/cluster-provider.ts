/**
 * Where a local job runs: a mini cluster started for the job and sized for it (Flink's per-job
 * mini cluster, used when a job file runs directly and by `sluice run --local`), or one running
 * cluster shared by many jobs (tests).
 */
import type { Configuration } from '../common/config/configuration.js';
import { MiniCluster } from './mini-cluster.js';

/** A cluster to run one job on; `release()` once the job has ended. */
export interface ClusterLease {
  cluster: MiniCluster;
  release(): Promise<void>;
}

export interface ClusterProvider {
  /** The configuration jobs are built with (`parallelism.default`, `pipeline.max-parallelism`, ...). */
  readonly config: Configuration;
  /** A cluster with at least `requiredSlots` slots. */
  acquire(requiredSlots: number): Promise<ClusterLease>;
}

/** A fresh cluster per job: one TaskManager with as many slots as the job needs, closed when the job ends. */
export function perJobCluster(config: Configuration): ClusterProvider {
  return {
    config,
    async acquire(requiredSlots) {
      const cluster = await MiniCluster.start({ numSlotsPerTaskManager: requiredSlots, config });
      return { cluster, release: () => cluster.close() };
    },
  };
}

/** A running cluster for every job; its owner closes it. A job needing more slots than it has waits for them, as on any cluster. */
export function sharedCluster(cluster: MiniCluster): ClusterProvider {
  return {
    config: cluster.config,
    acquire: async () => ({ cluster, release: async () => undefined }),
  };
}
