/**
 * `sluice run` against a running cluster (Flink's `flink run`): submits the program over REST,
 * prints Flink's "Job has been submitted" line, and unless detached follows the job to its end
 * (saying so while the job waits for task slots).
 */
import { SluiceError } from '../common/errors.js';
import { followJob, jobFailure } from './job-outcome.js';
import { submitProgram, type ProgramSubmission } from './program-submission.js';
import { RestClusterClient } from './rest-cluster-client.js';

export interface ClusterRunOptions extends ProgramSubmission {
  /** `host:port` of the JobManager's REST API (`-m`). */
  jobManager: string;
  /** Return once the job is submitted (`-d`). */
  detached?: boolean;
}

/**
 * Runs the program; `print` receives the progress lines. Rejects if the job did not finish, with
 * its final state and root cause in the message, so the command exits non-zero.
 */
export async function runOnCluster(opts: ClusterRunOptions, print: (line: string) => void): Promise<void> {
  const cluster = new RestClusterClient(opts.jobManager, (path, waitMs) => print(`The JobManager is busy (429 Too Many Requests on ${path}); retrying in ${Math.ceil(waitMs / 1000)} s`));
  const jobId = await submitProgram(cluster, opts);
  print(`Job has been submitted with JobID ${jobId}`);
  if (opts.detached) return;
  const job = await followJob(cluster, jobId, print);
  if (job.state === 'FINISHED') {
    print(`Job with JobID ${jobId} has finished with state FINISHED.`);
    print(`Job Runtime: ${job.duration} ms`);
    return;
  }
  const cause = await jobFailure(cluster, job);
  throw new SluiceError(cause.code, `Job '${job.name}' (${jobId}) ended ${job.state}: ${cause.message}`, { kind: cause.kind, cause });
}
