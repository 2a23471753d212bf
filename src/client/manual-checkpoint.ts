/**
 * A manual checkpoint of a job on a remote cluster (Flink's `flink checkpoint <jobId> [-full]`):
 * triggered over REST, then its status polled until the checkpoint completed or failed.
 */
import type { JobId } from '../common/ids.js';
import { awaitOperation } from './async-operation.js';
import type { RestClusterClient } from './rest-cluster-client.js';

/**
 * Resolves with the id of the completed checkpoint; rejects with the cluster's cause when it
 * failed (its error code, and the first line of its stack trace as the message).
 */
export async function triggerCheckpoint(cluster: RestClusterClient, jobId: JobId, full: boolean): Promise<number> {
  const triggerId = await cluster.triggerCheckpoint(jobId, full ? 'FULL' : 'CONFIGURED');
  return awaitOperation(() => cluster.checkpointStatus(jobId, triggerId), (op) => op.checkpointId!, (op) => op.failureCause);
}
