/**
 * The JobGraphStore of `high-availability.type: none`: kept in memory, so jobs do not outlive the
 * JobManager process (as Flink's StandaloneJobGraphStore).
 */
import type { JobId } from '../common/ids.js';
import type { JobGraph } from '../protocol/job-graph.js';
import type { JobGraphStore } from '../protocol/ha-services.js';

export class StandaloneJobGraphStore implements JobGraphStore {
  private readonly graphs = new Map<JobId, JobGraph>();

  async putJobGraph(jobGraph: JobGraph): Promise<void> {
    this.graphs.set(jobGraph.jobId, jobGraph);
  }

  async removeJobGraph(jobId: JobId): Promise<void> {
    this.graphs.delete(jobId);
  }

  async getJobIds(): Promise<JobId[]> {
    return [...this.graphs.keys()];
  }

  async recoverJobGraph(jobId: JobId): Promise<JobGraph | undefined> {
    return this.graphs.get(jobId);
  }
}
