/**
 * Following a job on a remote cluster to its end, over REST only (there is no push channel):
 * `GET /jobs/:id` until a globally terminal state, then the root cause from the exception history
 * if it did not finish.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { JobId } from '../common/ids.js';
import { GLOBALLY_TERMINAL_JOB_STATUSES } from '../protocol/states.js';
import type { JobDetailsJson, RestClusterClient } from './rest-cluster-client.js';

/** How often a followed job is polled: short jobs end quickly, and a GET is cheap. */
const POLL_INTERVAL_MS = 200;

/** What `execute()` resolves with (the API's JobExecutionResult). */
export interface JobExecutionResult {
  jobId: string;
  jobName: string;
  netRuntime: number;
}

/**
 * Resolves with the job's details once it is FINISHED, FAILED or CANCELED. `onWaiting` gets the
 * cluster's "Waiting for N more task slots ..." line once each time the job starts waiting for
 * slots, so a job that cannot start does not look hung.
 */
export async function followJob(cluster: RestClusterClient, jobId: JobId, onWaiting?: (message: string) => void): Promise<JobDetailsJson> {
  let waitingSince: number | undefined;
  for (;;) {
    const details = await cluster.jobDetails(jobId);
    if (GLOBALLY_TERMINAL_JOB_STATUSES.has(details.state)) return details;
    const waiting = details['waiting-for-slots'];
    if (waiting && waiting.since !== waitingSince) onWaiting?.(waiting.message);
    waitingSince = waiting?.since;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** The job's result once it has ended; rejects with its root cause, or JOB_CANCELED, as a mini cluster's client does. */
export async function awaitJobResult(cluster: RestClusterClient, jobId: JobId): Promise<JobExecutionResult> {
  const job = await followJob(cluster, jobId);
  if (job.state !== 'FINISHED') throw await jobFailure(cluster, job);
  return { jobId, jobName: job.name, netRuntime: job.duration };
}

/** Why an ended job did not finish: the first exception it recorded, rebuilt as a SluiceError with the remote stack. */
export async function jobFailure(cluster: RestClusterClient, job: JobDetailsJson): Promise<SluiceError> {
  if (job.state === 'CANCELED') return SluiceError.user(ErrorCode.JOB_CANCELED, `Job '${job.name}' (${job.jid}) was cancelled`);
  const rootCause = (await cluster.jobExceptions(job.jid)).at(-1);
  if (!rootCause) return new SluiceError(ErrorCode.INTERNAL, `Job '${job.name}' (${job.jid}) ended ${job.state} without a recorded cause`);
  // Entries are named `SluiceError[CODE]` (or the thrown error's name) and carry `name: message\n    at ...`.
  const [, name, code] = /^([^[]*)(?:\[(\w+)\])?$/.exec(rootCause.exceptionName) ?? [];
  const head = rootCause.stacktrace.split(/\n\s+at /)[0]!;
  const message = name && head.startsWith(`${name}: `) ? head.slice(name.length + 2) : head;
  const err = new SluiceError(code ?? ErrorCode.TASK_FAILED, message, { kind: 'user' });
  err.stack = rootCause.stacktrace;
  return err;
}
