/**
 * The collect sink of `executeAndCollect()` (Flink's CollectSinkOperator): gathers the stream's
 * records into batches and ships them to the JobMaster, which buffers them for the client. Flow
 * control is credit-based (src/protocol/collect-results.ts): a batch without credit waits in the
 * CollectChannel, and while one waits the task's input credit is held back, so upstream tasks
 * stop instead of memory growing. The API runs the sink alone in its task at parallelism 1, so
 * its input always arrives over a credit-controlled edge.
 */
import { COLLECT_BUFFER_BATCHES } from '../protocol/collect-results.js';
import { DEFAULT_BATCH_SIZE } from '../network/index.js';
import type { StreamOperator } from './stream-operator.js';

/** Moves one batch of results (the last one with `end`) towards the JobMaster. */
export type CollectTransport = (records: unknown[], end: boolean) => void;

interface PendingBatch {
  records: unknown[];
  end: boolean;
}

/**
 * The sink task's link to the JobMaster: sends batches while it has credit, keeps the rest, and
 * gates the task's input credit on having nothing kept.
 */
export class CollectChannel {
  private credit = COLLECT_BUFFER_BATCHES;
  private readonly backlog: PendingBatch[] = [];
  /** Input credit (edge, producer) held back while the backlog is not empty. */
  private readonly heldInputCredit: [string, number][] = [];
  private releasingInputCredit = false;
  private ended = false;
  private aborted = false;
  private onDelivered?: () => void;

  constructor(
    private readonly transport: CollectTransport,
    /** Grants a producer of the task's input one credit (the task's own credit granting). */
    private readonly grantInput: (edge: string, producerIndex: number) => void,
    /** Longest time a partly filled batch waits (the job's buffer timeout). */
    readonly flushIntervalMs: number,
  ) {}

  /** Whether batches wait for credit. */
  get isBlocked(): boolean {
    return this.backlog.length > 0;
  }

  /** Sends a batch, or keeps it until credit comes. The empty end marker needs no credit: the JobMaster buffers nothing for it. */
  send(records: unknown[], end: boolean): void {
    if (end) this.ended = true;
    if (this.backlog.length === 0 && (records.length === 0 || this.credit > 0)) this.transmit(records, end);
    else this.backlog.push({ records, end });
  }

  /** The task processed an input batch: grant its producer a credit now, or once the backlog is gone. */
  grantInputCredit(edge: string, producerIndex: number): void {
    if (this.backlog.length === 0 && !this.releasingInputCredit) this.grantInput(edge, producerIndex);
    else this.heldInputCredit.push([edge, producerIndex]);
  }

  /** The client acknowledged `n` batches: send what waits, then release held input credit. */
  addCredit(n: number): void {
    this.credit += n;
    while (this.backlog.length > 0 && (this.backlog[0]!.records.length === 0 || this.credit > 0)) {
      const { records, end } = this.backlog.shift()!;
      this.transmit(records, end);
    }
    this.releaseInputCredit();
    this.checkDelivered();
  }

  /**
   * Resolves once the last batch was sent and every batch acknowledged by the client, so the task
   * (and with it the job) finishes only when the client has all results; at once after `abort`.
   */
  delivered(): Promise<void> {
    return new Promise((resolve) => {
      this.onDelivered = resolve;
      this.checkDelivered();
    });
  }

  /** The task is cancelled: stop waiting for the client. */
  abort(): void {
    this.aborted = true;
    this.checkDelivered();
  }

  /**
   * Grants held input credit while nothing waits. A producer in this thread answers a grant by
   * sending at once, and the task processes that batch before the grant returns; its credit is
   * queued behind the held ones, so no producer is re-entered while it releases its backlog.
   */
  private releaseInputCredit(): void {
    if (this.releasingInputCredit) return;
    this.releasingInputCredit = true;
    try {
      while (this.backlog.length === 0 && this.heldInputCredit.length > 0) {
        const [edge, producer] = this.heldInputCredit.shift()!;
        this.grantInput(edge, producer);
      }
    } finally {
      this.releasingInputCredit = false;
    }
  }

  private transmit(records: unknown[], end: boolean): void {
    if (records.length > 0) this.credit--;
    this.transport(records, end);
  }

  private checkDelivered(): void {
    const done = this.aborted || (this.ended && this.backlog.length === 0 && this.credit === COLLECT_BUFFER_BATCHES);
    if (!done || !this.onDelivered) return;
    const resolve = this.onDelivered;
    this.onDelivered = undefined;
    resolve();
  }
}

/** Batches the records it gets and hands them to its CollectChannel. */
export class CollectSinkOperator implements StreamOperator {
  private batch: unknown[] = [];
  private timer?: NodeJS.Timeout;
  private finished = false;

  constructor(private readonly channel: CollectChannel) {}

  async open(): Promise<void> {
    // A waiting channel gets full batches only: flushing small ones would just lengthen its backlog.
    this.timer = setInterval(() => {
      if (!this.channel.isBlocked) this.flush(false);
    }, this.channel.flushIntervalMs);
  }

  processElement(record: unknown): void {
    this.batch.push(record);
    if (this.batch.length >= DEFAULT_BATCH_SIZE) this.flush(false);
  }

  finish(): void {
    this.finished = true;
    this.flush(true);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    if (this.finished) await this.channel.delivered();
  }

  private flush(end: boolean): void {
    if (this.batch.length === 0 && !end) return;
    const records = this.batch;
    this.batch = [];
    this.channel.send(records, end);
  }
}
