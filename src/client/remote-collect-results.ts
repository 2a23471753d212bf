/**
 * The client end of `executeAndCollect()` against a remote cluster: pulls a collect sink's
 * results through `POST /jobs/:jobid/coordinators/:operatorid`. Each fetch acknowledges the
 * records before its offset, so the JobMaster returns the sink its credit only as fast as this
 * program reads, and a slow reader slows the job instead of filling memory.
 */
import type { JobId } from '../common/ids.js';
import { decodeCollectBatch } from '../protocol/collect-batch-codec.js';
import { canDeliverResults } from '../protocol/collect-results.js';
import type { RestClusterClient } from './rest-cluster-client.js';

/**
 * Yields the sink's records in order. Ends once the sink has ended and the job finished; throws
 * the job's root cause if it did not. Leaving early (`return()`) cancels the job if it still runs.
 */
export async function* remoteCollectResults(cluster: RestClusterClient, jobId: JobId, operatorId: string, jobResult: () => Promise<unknown>): AsyncGenerator<unknown, void, undefined> {
  let offset = 0;
  let ended = false;
  try {
    while (!ended) {
      const answer = await cluster.fetchCollectResults(jobId, operatorId, offset);
      const records = answer.batches.flatMap(decodeCollectBatch);
      offset += records.length;
      if (answer.end || !canDeliverResults(answer.jobStatus)) {
        // Acknowledging the last batches lets the sink, and with it the job, finish; its outcome
        // then decides whether these records are the stream's end or it failed.
        if (answer.end) await cluster.fetchCollectResults(jobId, operatorId, offset);
        ended = true;
        await jobResult();
      }
      yield* records;
    }
  } finally {
    // Nobody would read what a job left running still produces.
    if (!ended) await cluster.cancelJob(jobId).catch(() => undefined);
  }
}
