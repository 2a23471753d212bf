/**
 * The client end of `executeAndCollect()` (Flink's CollectResultFetcher): pulls a collect sink's
 * results through the Dispatcher a few batches at a time. Every fetch acknowledges what came
 * before, so the JobMaster frees it and returns the sink its credit; a client that reads slowly
 * therefore slows the job instead of filling memory.
 */
import type { JobId } from '../common/ids.js';
import { canDeliverResults, type CollectResults } from '../protocol/collect-results.js';
import type { DispatcherGateway } from '../protocol/gateways.js';
import { decodeCollectBatch } from '../protocol/collect-batch-codec.js';

export class CollectResultFetcher implements AsyncIterator<unknown> {
  /** Fetched records not handed out yet. */
  private records: unknown[] = [];
  private index = 0;
  /** Stream offset of the next record to fetch. */
  private offset = 0;
  private done = false;

  constructor(
    private readonly dispatcher: DispatcherGateway,
    private readonly jobId: JobId,
    private readonly operatorId: string,
    /** Settles with the job's outcome: rejects with its root cause. */
    private readonly jobResult: Promise<unknown>,
    private readonly cancelJob: () => Promise<void>,
  ) {}

  async next(): Promise<IteratorResult<unknown>> {
    while (this.index === this.records.length) {
      if (this.done) return { done: true, value: undefined };
      await this.fetchMore();
    }
    return { done: false, value: this.records[this.index++] };
  }

  /** Leaving early: the job is cancelled if it still runs (nobody would read what it produces). */
  async return(): Promise<IteratorResult<unknown>> {
    if (!this.done) {
      this.done = true;
      this.records = [];
      this.index = 0;
      await this.cancelJob().catch(() => undefined);
    }
    return { done: true, value: undefined };
  }

  private async fetchMore(): Promise<void> {
    const answer = await this.fetch();
    this.records = answer.batches.length === 1 ? decodeCollectBatch(answer.batches[0]!) : answer.batches.flatMap(decodeCollectBatch);
    this.index = 0;
    this.offset += this.records.length;
    if (answer.end) {
      // Acknowledging the last batches lets the sink, and with it the job, finish.
      await this.fetch();
    } else if (canDeliverResults(answer.jobStatus)) {
      return;
    }
    // Nothing more will come: the job's outcome decides whether the stream ends or fails.
    this.done = true;
    try {
      await this.jobResult;
    } catch (err) {
      this.records = [];
      throw err;
    }
  }

  private fetch(): Promise<CollectResults> {
    return this.dispatcher.fetchCollectResults(this.jobId, this.operatorId, this.offset);
  }
}
