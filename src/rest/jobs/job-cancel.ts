/** Cancelling a job through `PATCH /jobs/:jobid` and the Web UI's legacy `yarn-cancel`. */
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { JobId } from '../../common/ids.js';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { HttpError } from '../http/http-error.js';

/**
 * Checks the `mode` query parameter of `PATCH /jobs/:jobid` (case-insensitive, as Flink parses
 * it). Only `cancel` terminates; Flink answers the removed `stop` mode with 308 and no Location,
 * which clients cannot follow, so it is a 400 here with Flink's explanation.
 */
export function checkTerminationMode(mode: string | undefined): void {
  const m = (mode ?? 'cancel').toLowerCase();
  if (m === 'cancel') return;
  const message = m === 'stop'
    ? 'The termination mode "stop" has been removed. For an ungraceful shutdown, please use "cancel" instead. For a graceful shutdown, please use "jobs/:jobId/stop" instead.'
    : `Unknown termination mode ${mode}. The only supported value is: "cancel".`;
  throw SluiceError.user(ErrorCode.BAD_REQUEST, message);
}

/** Cancels a job; a job that already ended is a 409, as in Flink. */
export async function cancelJob(dispatcher: DispatcherGateway, jobId: JobId): Promise<void> {
  try {
    await dispatcher.cancelJob(jobId);
  } catch (err) {
    if (!(err instanceof SluiceError && err.code === ErrorCode.ILLEGAL_STATE)) throw err;
    // The state only makes the message more helpful; the 409 stands without it.
    const state = await dispatcher.requestJobStatus(jobId).catch(() => undefined);
    const reached = state === undefined ? '' : ` (${state})`;
    throw new HttpError(409, `Job cancellation failed because the job has already reached another terminal state${reached}.`);
  }
}
