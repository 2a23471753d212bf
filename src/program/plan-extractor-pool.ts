/**
 * A bounded pool of plan extraction children: at most `maxChildren` alive at once (the one forked
 * ahead of the next request included), at most `maxQueued` requests waiting for one, and an
 * OverloadedError (429 with Retry-After at the REST boundary) beyond that. Each request still gets
 * a fresh child, so one program never sees what another left behind.
 */
import { WebOptions } from '../common/config/options.js';
import { ErrorCode, OverloadedError, SluiceError } from '../common/errors.js';
import { forkExtractor, killGroup, talk, type ExtractorChild, type PlanExtractorLimits } from './plan-extractor-child.js';
import type { PlanRequest } from './plan-extraction-protocol.js';

/** How many children and waiting requests the pool allows. */
export interface PlanExtractorPoolBounds {
  /** Most children alive at once, the spare included (`web.plan-extraction.pool-size`, resolved). */
  maxChildren: number;
  /** Most requests waiting for a child (`web.plan-extraction.queue-size`). */
  maxQueued: number;
}

interface Waiter {
  resolve(): void;
  reject(err: Error): void;
}

/** Runs requests in children forked one request ahead, within the bounds. `close()` ends it. */
export class PlanExtractorPool {
  private spare?: ExtractorChild;
  private closed = false;
  /** Slots taken by requests; each running request has exactly one child. */
  private taken = 0;
  private readonly waiting: Waiter[] = [];
  /** Deadlines of the running requests (ms since epoch), for Retry-After. */
  private readonly deadlines = new Set<{ at: number }>();

  constructor(private readonly limits: PlanExtractorLimits, private readonly bounds: PlanExtractorPoolBounds) {
    if (bounds.maxChildren < 1) throw new SluiceError(ErrorCode.INVALID_CONFIG, `The plan extraction pool needs at least one child, got ${bounds.maxChildren}`);
  }

  /** Children alive now (running a request, or waiting for the next one). */
  get children(): number {
    return this.taken + (this.spare ? 1 : 0);
  }

  /** Requests waiting for a child. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Runs `request` in a child once one may be forked. Rejects with OverloadedError if the pool
   * and its queue are full, or ILLEGAL_STATE once the pool is closed or `signal` aborted while
   * the request waited (its caller is gone: its `main` never runs).
   */
  async run(request: PlanRequest, signal?: AbortSignal): Promise<unknown> {
    await this.acquire(signal);
    const deadline = { at: Date.now() + this.limits.timeoutMs };
    this.deadlines.add(deadline);
    try {
      return await talk(this.takeSpare(), request, this.limits);
    } finally {
      this.deadlines.delete(deadline);
      this.release();
    }
  }

  /** Kills the waiting child and refuses the queued requests (JobManager shutdown). */
  close(): void {
    this.closed = true;
    if (this.spare) killGroup(this.spare.child);
    this.spare = undefined;
    for (const waiter of this.waiting.splice(0)) waiter.reject(closedError());
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(closedError());
    if (signal?.aborted) return Promise.reject(abandonedError());
    if (this.taken < this.bounds.maxChildren) {
      this.taken += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.bounds.maxQueued) return Promise.reject(this.overloaded());
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.waiting.indexOf(waiter);
        if (at < 0) return;
        this.waiting.splice(at, 1);
        reject(abandonedError());
      };
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** A finished request's slot passes to the next waiting one, or frees up. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) {
      next.resolve();
      return;
    }
    this.taken -= 1;
    // The next child is forked once this request is done, so it does not compete with it (or
    // with the job it submits) for the CPU.
    if (!this.closed && !this.spare) this.spare = forkExtractor(this.limits);
  }

  /** The spare if it is still usable, else a new child (the slot for it is already taken). */
  private takeSpare(): ExtractorChild {
    const spare = this.spare;
    this.spare = undefined;
    if (spare && spare.child.exitCode === null && spare.child.signalCode === null && spare.child.connected) return spare;
    if (spare) killGroup(spare.child);
    return forkExtractor(this.limits);
  }

  private overloaded(): OverloadedError {
    // A slot frees up at the latest when the oldest running request reaches its deadline.
    const now = Date.now();
    const soonest = Math.min(now + this.limits.timeoutMs, ...[...this.deadlines].map((d) => d.at));
    const retryAfterSeconds = Math.max(1, Math.ceil((soonest - now) / 1000));
    return new OverloadedError(
      `Too many plan extraction requests: all ${this.bounds.maxChildren} child processes (${WebOptions.PLAN_EXTRACTION_POOL_SIZE.key}) are busy and ${this.waiting.length} requests wait (${WebOptions.PLAN_EXTRACTION_QUEUE_SIZE.key}). Try again in ${retryAfterSeconds} s.`,
      retryAfterSeconds,
    );
  }
}

function abandonedError(): SluiceError {
  return new SluiceError(ErrorCode.ILLEGAL_STATE, 'The plan extraction request was dropped while it waited for a child: its client went away', { kind: 'external' });
}

function closedError(): SluiceError {
  return new SluiceError(ErrorCode.ILLEGAL_STATE, 'The JobManager is shutting down: plan extraction is closed', { kind: 'external' });
}
