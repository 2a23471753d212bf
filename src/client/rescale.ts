/**
 * Rescaling a job on a remote cluster (`sluice rescale`): new resource requirements over REST,
 * then the job's rescale history polled until the rescale they started ended.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { JobId } from '../common/ids.js';
import type { JobResourceRequirements } from '../protocol/rescales.js';
import type { RescaleJson, RestClusterClient } from './rest-cluster-client.js';

/** How often the history is polled while the rescale runs (it takes a savepoint and a redeploy: seconds). */
const POLL_INTERVAL_MS = 200;

/** What to rescale to: every vertex to `parallelism`, or the named vertices (by id) to theirs. */
export type RescaleTarget = { parallelism: number } | { vertices: Record<string, number> };

/**
 * Rescales `jobId` so each vertex runs exactly its target parallelism (lower = upper bound), and
 * resolves with the rescale once COMPLETED; undefined when the job already runs so. Rejects with
 * RESCALE_REFUSED saying why when the rescale failed (the job runs on as before) or was ignored.
 */
export async function rescaleJob(cluster: RestClusterClient, jobId: JobId, target: RescaleTarget): Promise<RescaleJson | undefined> {
  const current = await cluster.resourceRequirements(jobId);
  const wanted = 'parallelism' in target ? Object.fromEntries(Object.keys(current).map((id) => [id, target.parallelism])) : target.vertices;
  const unknown = Object.keys(wanted).filter((id) => !(id in current));
  if (unknown.length > 0) throw SluiceError.user(ErrorCode.BAD_REQUEST, `Job ${jobId} has no vertex ${unknown.join(', ')} (its vertices: ${Object.keys(current).join(', ')})`);
  const requirements: JobResourceRequirements = Object.fromEntries(Object.entries(current).map(([id, r]) => {
    const p = wanted[id] ?? r.parallelism.upperBound;
    return [id, { parallelism: { lowerBound: p, upperBound: p } }];
  }));
  // The current requirements are each vertex's parallelism as lower and upper bound.
  if (Object.entries(requirements).every(([id, r]) => r.parallelism.upperBound === current[id]!.parallelism.upperBound)) return undefined;
  const before = (await cluster.rescalesHistory(jobId))[0]?.rescaleAttemptId ?? 0;
  await cluster.updateResourceRequirements(jobId, requirements);
  for (;;) {
    const latest = (await cluster.rescalesHistory(jobId))[0];
    if (latest && latest.rescaleAttemptId > before && latest.terminalState !== null) {
      if (latest.terminalState === 'COMPLETED') return latest;
      const cause = latest.schedulerStates.findLast((s) => s.stringifiedException !== null)?.stringifiedException?.split('\n')[0];
      throw SluiceError.user(ErrorCode.RESCALE_REFUSED, `Rescale ${latest.rescaleUuid} of job ${jobId} ended ${latest.terminalState} (${latest.terminatedReason})${cause ? `: ${cause}` : ''}; the job runs at its parallelism as before.`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
