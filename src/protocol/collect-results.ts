/**
 * The collect path of `executeAndCollect()` (Flink's CollectSinkOperator and its coordinator): a
 * collect sink ships batches of results from its task to the JobMaster, which buffers them for
 * the client. Flow control is credit-based, one credit per batch of buffer space: the sink starts
 * with COLLECT_BUFFER_BATCHES credits and the JobMaster returns one for every batch the client
 * has acknowledged, so a slow client holds back the job rather than growing anyone's memory.
 */
import type { JobStatus } from './states.js';

/** Batches the JobMaster buffers per collect sink, which is also the sink's initial credit. */
export const COLLECT_BUFFER_BATCHES = 8;

/**
 * What a client gets for one fetch. Offsets count records from the start of the stream; a fetch at
 * `offset` acknowledges (and frees) every record before it.
 */
export interface CollectResults {
  /** Offset of the first record of `batches` (the requested offset). */
  offset: number;
  /** msgpack-encoded arrays of records, in stream order. */
  batches: Uint8Array[];
  /** The sink has ended: nothing follows the last of `batches`. */
  end: boolean;
  /** The job's status when the fetch was answered. */
  jobStatus: JobStatus;
}

/** Whether a job in this status can still deliver collect results. */
export function canDeliverResults(status: JobStatus): boolean {
  return status === 'INITIALIZING' || status === 'CREATED' || status === 'RUNNING' || status === 'RESTARTING' || status === 'RECONCILING';
}
