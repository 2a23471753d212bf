/**
 * Many finished jobs for the REST benchmark: the article's WordCount (4 records) run over and
 * over, `concurrency` at a time, each polled until FINISHED. They stay in the JobManager's job
 * store (`jobstore.expiration-time`) for the routes to list.
 */
import type { TestCluster } from '../tests/helpers/processes.js';

/** How often a running job's status is asked for. */
const POLL_MS = 25;
/** Longest a single job may take before the benchmark gives up. */
const JOB_TIMEOUT_MS = 120_000;

/** Runs `count` jobs of the uploaded `jarId`, `concurrency` at a time; resolves to their ids. */
export async function makeFinishedJobs(cluster: TestCluster, jarId: string, count: number, concurrency: number, log: (message: string) => void): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      ids.push(await runToFinished(cluster, jarId));
      if (ids.length % 100 === 0) log(`${ids.length} of ${count} jobs finished`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return ids;
}

async function runToFinished(cluster: TestCluster, jarId: string): Promise<string> {
  const jobId = await cluster.runJar(jarId, { entryClass: 'WordCount' });
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  for (;;) {
    const { status } = await cluster.getJson<{ status: string }>(`/jobs/${jobId}/status`);
    if (status === 'FINISHED') return jobId;
    if (status === 'FAILED' || status === 'CANCELED') throw new Error(`Job ${jobId} ended ${status}\n${cluster.output()}`);
    if (Date.now() > deadline) throw new Error(`Job ${jobId} did not finish within ${JOB_TIMEOUT_MS} ms (last: ${status})`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
