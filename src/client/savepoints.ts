/**
 * Savepoints of jobs on a remote cluster (Flink's `flink savepoint <jobId> [targetDirectory]` and
 * `flink savepoint -d <savepointPath>`): triggered over REST, then polled until done or failed.
 */
import type { JobId } from '../common/ids.js';
import { awaitOperation } from './async-operation.js';
import type { RestClusterClient } from './rest-cluster-client.js';

/**
 * Takes a savepoint of `jobId` into `targetDirectory` (undefined: the cluster's default) and
 * resolves with its directory; rejects with the cluster's cause when it failed.
 */
export async function triggerSavepoint(cluster: RestClusterClient, jobId: JobId, targetDirectory: string | undefined): Promise<string> {
  const triggerId = await cluster.triggerSavepoint(jobId, targetDirectory);
  return awaitOperation(() => cluster.savepointStatus(jobId, triggerId), (op) => op.location!, (op) => op['failure-cause']);
}

/** Stops the job with a savepoint (with `drain`, its operators finish first) and resolves with its directory once the job finished. */
export async function stopWithSavepoint(cluster: RestClusterClient, jobId: JobId, targetDirectory: string | undefined, drain: boolean): Promise<string> {
  const triggerId = await cluster.stopWithSavepoint(jobId, targetDirectory, drain);
  return awaitOperation(() => cluster.savepointStatus(jobId, triggerId), (op) => op.location!, (op) => op['failure-cause']);
}

/** Deletes the savepoint in `savepointPath`; rejects with the cluster's cause (such as: not a savepoint). */
export async function disposeSavepoint(cluster: RestClusterClient, savepointPath: string): Promise<void> {
  const triggerId = await cluster.disposeSavepoint(savepointPath);
  await awaitOperation(() => cluster.savepointDisposalStatus(triggerId), () => undefined, (op) => op['failure-cause']);
}
