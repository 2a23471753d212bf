/**
 * Keeps the final snapshots of finished jobs for `jobstore.expiration-time`, then drops them
 * (Flink's ExecutionGraphInfoStore). Each job's `/jobs/overview` summary is computed once, when
 * it is stored: a finished job does not change.
 */
import type { JobId } from '../common/ids.js';
import type { ArchivedExecutionGraph, JobDetails } from '../protocol/execution-graph-info.js';
import { toJobDetails } from '../protocol/job-details.js';
import type { JobStatus } from '../protocol/states.js';

interface Entry {
  graph: ArchivedExecutionGraph;
  details: JobDetails;
  expiresAt: number;
}

export class ExecutionGraphInfoStore {
  /** In the order stored, which (one expiration time for all) is the order they expire in. */
  private readonly graphs = new Map<JobId, Entry>();

  constructor(private readonly expirationMs: number, private readonly now: () => number = Date.now) {}

  put(graph: ArchivedExecutionGraph): void {
    this.graphs.delete(graph.jobId); // re-stored: moves to the end, keeping the order of expiry
    this.graphs.set(graph.jobId, { graph, details: toJobDetails(graph), expiresAt: this.now() + this.expirationMs });
  }

  get(jobId: JobId): ArchivedExecutionGraph | undefined {
    this.expire();
    return this.graphs.get(jobId)?.graph;
  }

  /** Every stored job's summary, in the order stored; the same objects on every call (do not modify them). */
  details(): JobDetails[] {
    this.expire();
    return [...this.graphs.values()].map((e) => e.details);
  }

  /** How many stored jobs ended in `state`. */
  count(state: JobStatus): number {
    this.expire();
    let n = 0;
    for (const e of this.graphs.values()) if (e.graph.state === state) n++;
    return n;
  }

  /** Drops the expired jobs: the oldest first, stopping at the first one still kept. */
  private expire(): void {
    const now = this.now();
    for (const [id, e] of this.graphs) {
      if (e.expiresAt > now) return;
      this.graphs.delete(id);
    }
  }
}
