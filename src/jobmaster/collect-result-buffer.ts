/**
 * The JobMaster's buffer of one collect sink's results (the coordinator side of
 * `executeAndCollect()`): encoded batches in stream order, dropped when the client's next fetch
 * acknowledges them. The sink sends only with credit, so at most COLLECT_BUFFER_BATCHES batches
 * wait here; each acknowledged batch goes back to the sink as one credit.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { ExecutionAttemptId } from '../common/ids.js';
import { COLLECT_BUFFER_BATCHES, canDeliverResults, type CollectResults } from '../protocol/collect-results.js';
import type { JobStatus } from '../protocol/states.js';

/** How long a fetch with nothing to return waits for results; well under any RPC timeout. */
export const COLLECT_FETCH_WAIT_MS = 500;

interface Batch {
  bytes: Uint8Array;
  count: number;
}

export class CollectResultBuffer {
  private readonly batches: Batch[] = [];
  /** Stream offset of the first record of `batches[0]`. */
  private base = 0;
  private ended = false;
  /** The sink attempt that sends here: credit goes back to it. */
  private producer?: ExecutionAttemptId;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly grantCredit: (producer: ExecutionAttemptId, credits: number) => void) {}

  /** Appends a batch from the sink; throws ILLEGAL_STATE if the sink sent without credit. */
  add(producer: ExecutionAttemptId, bytes: Uint8Array, count: number, end: boolean): void {
    this.producer = producer;
    if (count > 0) {
      if (this.batches.length >= COLLECT_BUFFER_BATCHES) {
        throw new SluiceError(ErrorCode.ILLEGAL_STATE, `A collect sink sent a batch without credit (${COLLECT_BUFFER_BATCHES} batches are buffered already)`);
      }
      this.batches.push({ bytes, count });
    }
    if (end) this.ended = true;
    this.wake();
  }

  /**
   * Acknowledges the records before `offset` and returns every buffered batch from there. With
   * nothing to return, waits up to COLLECT_FETCH_WAIT_MS for results or a status change, so an
   * idle client neither spins nor waits long. Rejects with BAD_REQUEST for an offset that is not
   * the end of a batch the client has seen.
   */
  async fetch(offset: number, status: () => JobStatus): Promise<CollectResults> {
    this.acknowledge(offset);
    if (this.batches.length === 0 && !this.ended && canDeliverResults(status())) await this.waitForChange();
    return { offset, batches: this.batches.map((b) => b.bytes), end: this.ended, jobStatus: status() };
  }

  /** Wakes waiting fetches (new results, or the job's status changed). */
  wake(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private acknowledge(offset: number): void {
    let acknowledged = 0;
    let at = this.base;
    while (acknowledged < this.batches.length && at + this.batches[acknowledged]!.count <= offset) at += this.batches[acknowledged++]!.count;
    if (at !== offset) {
      throw SluiceError.user(ErrorCode.BAD_REQUEST, `Collect results cannot be fetched from offset ${offset}: the buffered results start at ${this.base} and a fetch must start where a returned batch ends`);
    }
    if (acknowledged === 0) return;
    this.batches.splice(0, acknowledged);
    this.base = at;
    if (this.producer !== undefined) this.grantCredit(this.producer, acknowledged);
  }

  private waitForChange(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, COLLECT_FETCH_WAIT_MS);
      this.waiters.add(done);
    });
  }
}
