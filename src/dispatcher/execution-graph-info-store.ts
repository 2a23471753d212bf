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
  /** Stored jobs per final state, kept as jobs come and go (`/overview` asks on every request). */
  private readonly counts = new Map<JobStatus, number>();

  constructor(private readonly expirationMs: number, private readonly now: () => number = Date.now) {}

  put(graph: ArchivedExecutionGraph): void {
    this.remove(graph.jobId); // re-stored: moves to the end, keeping the order of expiry
    this.graphs.set(graph.jobId, { graph, details: toJobDetails(graph), expiresAt: this.now() + this.expirationMs });
    this.counts.set(graph.state, (this.counts.get(graph.state) ?? 0) + 1);
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
    return this.counts.get(state) ?? 0;
  }

  /** Drops the expired jobs: the oldest first, stopping at the first one still kept. */
  private expire(): void {
    const now = this.now();
    for (const [id, e] of this.graphs) {
      if (e.expiresAt > now) return;
      this.remove(id);
    }
  }

  private remove(jobId: JobId): void {
    const entry = this.graphs.get(jobId);
    if (!entry) return;
    this.graphs.delete(jobId);
    this.counts.set(entry.graph.state, this.counts.get(entry.graph.state)! - 1);
  }
}
