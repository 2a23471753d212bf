/** Whether a job still runs, as the jar store asks before removing the jar it was started from. */
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { JobId } from '../../common/ids.js';
import type { DispatcherGateway } from '../../protocol/gateways.js';
import { GLOBALLY_TERMINAL_JOB_STATUSES } from '../../protocol/states.js';

/** True unless the job has reached a globally terminal state or the Dispatcher no longer knows it. */
export async function jobRuns(dispatcher: Pick<DispatcherGateway, 'requestJobStatus'>, jobId: JobId): Promise<boolean> {
  try {
    return !GLOBALLY_TERMINAL_JOB_STATUSES.has(await dispatcher.requestJobStatus(jobId));
  } catch (err) {
    if (err instanceof SluiceError && err.code === ErrorCode.JOB_NOT_FOUND) return false;
    throw err;
  }
}
