/**
 * Keeps the final snapshots of finished jobs for `jobstore.expiration-time`, then drops them
 * (Flink's ExecutionGraphInfoStore).
 */
import type { JobId } from '../common/ids.js';
import type { ArchivedExecutionGraph } from '../protocol/execution-graph-info.js';

export class ExecutionGraphInfoStore {
  private readonly graphs = new Map<JobId, { graph: ArchivedExecutionGraph; expiresAt: number }>();

  constructor(private readonly expirationMs: number, private readonly now: () => number = Date.now) {}

  put(graph: ArchivedExecutionGraph): void {
    this.graphs.set(graph.jobId, { graph, expiresAt: this.now() + this.expirationMs });
  }

  get(jobId: JobId): ArchivedExecutionGraph | undefined {
    this.expire();
    return this.graphs.get(jobId)?.graph;
  }

  values(): ArchivedExecutionGraph[] {
    this.expire();
    return [...this.graphs.values()].map((e) => e.graph);
  }

  private expire(): void {
    const now = this.now();
    for (const [id, e] of this.graphs) if (e.expiresAt <= now) this.graphs.delete(id);
  }
}
