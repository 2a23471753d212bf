/**
 * How the stored jars are used, to pick the one to remove when the store is full: the least
 * recently used (uploaded, run or planned) jar that no request is working with and that no running
 * job was started from.
 */
import type { JobId } from '../../common/ids.js';

interface JarUse {
  /** When it was last uploaded, run or planned, on the use clock. */
  lastUsed: number;
  /** Run and plan requests working with it now. */
  requests: number;
  /** Jobs started from it that may still run. */
  jobs: Set<JobId>;
}

/** The uses of the jars of one store, keyed by jar id. */
export class JarUses {
  private readonly uses = new Map<string, JarUse>();
  /** Counts uses, so their order is exact even within one millisecond. */
  private clock = 0;

  /** `jobRuns` tells whether a job still runs (has not reached a globally terminal state). */
  constructor(private readonly jobRuns: (jobId: JobId) => Promise<boolean>) {}

  /** A jar was stored (or recovered, oldest first): it counts as used now. */
  add(jarId: string): void {
    this.uses.set(jarId, { lastUsed: ++this.clock, requests: 0, jobs: new Set() });
  }

  remove(jarId: string): void {
    this.uses.delete(jarId);
  }

  /** A request works with the jar from now until it calls the returned function. */
  use(jarId: string): () => void {
    const use = this.uses.get(jarId);
    if (!use) return () => undefined; // deleted meanwhile: nothing to keep
    use.lastUsed = ++this.clock;
    use.requests += 1;
    return () => void (use.requests -= 1);
  }

  /** Job `jobId` was started from the jar. */
  startedJob(jarId: string, jobId: JobId): void {
    this.uses.get(jarId)?.jobs.add(jobId);
  }

  /** The least recently used jar that no request works with and no job started from it runs. */
  async leastRecentlyUsedIdle(): Promise<string | undefined> {
    const byLastUse = [...this.uses.entries()].sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
    for (const [jarId, use] of byLastUse) {
      if (use.requests > 0) continue;
      for (const jobId of use.jobs) if (!(await this.jobRuns(jobId))) use.jobs.delete(jobId);
      // Checked again: the jar may have been used or deleted while the Dispatcher answered.
      if (use.jobs.size === 0 && use.requests === 0 && this.uses.get(jarId) === use) return jarId;
    }
    return undefined;
  }
}
