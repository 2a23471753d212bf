/**
 * Job ids that jar runs have claimed: from their duplicate check, before the user's `main` runs,
 * until the Dispatcher has the job (or the run failed). A second run with an id already claimed or
 * known to the Dispatcher is refused with 409 at once, instead of after running its `main`.
 */
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { JobId } from '../../common/ids.js';
import type { DispatcherGateway } from '../../protocol/gateways.js';

/** Gives back a claimed id. */
export type ReleaseJobId = () => void;

/** The claims of one REST server (shared by its `/` and `/v1` routes). */
export class JobIdClaims {
  private readonly claimed = new Set<JobId>();

  constructor(private readonly dispatcher: Pick<DispatcherGateway, 'checkJobIdAvailable'>) {}

  /**
   * Claims `jobId` (nothing to claim when the run sets no id: its `main` or Sluice picks a fresh
   * one). Rejects with DUPLICATE_JOB if another run holds it or the Dispatcher knows the job.
   */
  async claim(jobId: JobId | undefined): Promise<ReleaseJobId> {
    if (jobId === undefined) return () => undefined;
    if (this.claimed.has(jobId)) {
      throw SluiceError.user(ErrorCode.DUPLICATE_JOB, `Job ${jobId} is already being submitted by another request; a job id can be submitted only once`);
    }
    this.claimed.add(jobId);
    const release = (): void => void this.claimed.delete(jobId);
    try {
      await this.dispatcher.checkJobIdAvailable(jobId);
    } catch (err) {
      release();
      throw err;
    }
    return release;
  }
}
