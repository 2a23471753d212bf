/**
 * A manual checkpoint of a job on a remote cluster (Flink's `flink checkpoint <jobId> [-full]`):
 * triggered over REST, then its status polled until the checkpoint completed or failed.
 */
import { SluiceError } from '../common/errors.js';
import type { JobId } from '../common/ids.js';
import type { RestClusterClient } from './rest-cluster-client.js';

/** How often the status is polled: a checkpoint of a small job takes milliseconds, a GET is cheap. */
const POLL_INTERVAL_MS = 200;

/**
 * Resolves with the id of the completed checkpoint; rejects with the cluster's cause when it
 * failed (its error code, and the first line of its stack trace as the message).
 */
export async function triggerCheckpoint(cluster: RestClusterClient, jobId: JobId, full: boolean): Promise<number> {
  const triggerId = await cluster.triggerCheckpoint(jobId, full ? 'FULL' : 'CONFIGURED');
  for (;;) {
    const { status, operation } = await cluster.checkpointStatus(jobId, triggerId);
    if (status.id === 'COMPLETED' && operation?.checkpointId !== undefined) return operation.checkpointId;
    const cause = operation?.failureCause;
    if (status.id === 'COMPLETED' && cause) {
      const err = new SluiceError(cause.class, cause['stack-trace'].split('\n')[0]!.replace(/^\w+: /, ''), { kind: 'user' });
      err.stack = cause['stack-trace'];
      throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
