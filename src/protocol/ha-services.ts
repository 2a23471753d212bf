/** Persistence the Dispatcher relies on; HA mode decides the implementation (design.md §6). */
import type { JobId } from '../common/ids.js';
import type { JobGraph } from './job-graph.js';

/** Stores submitted JobGraphs until their jobs are globally terminated. */
export interface JobGraphStore {
  putJobGraph(jobGraph: JobGraph): Promise<void>;
  removeJobGraph(jobId: JobId): Promise<void>;
  getJobIds(): Promise<JobId[]>;
  recoverJobGraph(jobId: JobId): Promise<JobGraph | undefined>;
}
