/** The runtime operator contract: records are pushed in, one method call per record. */
import type { RuntimeContext } from '../api/functions.js';

/** Where an operator emits records (the next chained operator, or the task's outputs). */
export interface Output {
  collect(record: unknown): void;
}

/** One operator of a running chain. */
export interface StreamOperator {
  /** Opens user functions (Flink's `open`). */
  open(context: RuntimeContext): Promise<void>;
  processElement(record: unknown): void;
  /** All input has arrived: emit anything held back (Flink's `finish`). */
  finish(): void;
  /** Releases user functions (Flink's `close`); called on success and failure. */
  close(): Promise<void>;
}

/** Calls a user function object's `open`/`close` if it has them. */
export async function openFunction(fn: unknown, context: RuntimeContext): Promise<void> {
  const f = fn as { open?: (c: RuntimeContext) => unknown };
  if (typeof fn === 'object' && fn !== null && typeof f.open === 'function') await f.open(context);
}

export async function closeFunction(fn: unknown): Promise<void> {
  const f = fn as { close?: () => unknown };
  if (typeof fn === 'object' && fn !== null && typeof f.close === 'function') await f.close();
}

/** Base for operators around one user function: open/close it, no end-of-input work. */
export abstract class UdfOperator implements StreamOperator {
  constructor(protected readonly udf: unknown, protected readonly output: Output) {}
  open(context: RuntimeContext): Promise<void> {
    return openFunction(this.udf, context);
  }
  abstract processElement(record: unknown): void;
  finish(): void {}
  close(): Promise<void> {
    return closeFunction(this.udf);
  }
}

/** Turns `fn` (a function, or an object with method `method`) into a callable bound once. */
export function bindUserFunction<F extends (...args: never[]) => unknown>(fn: unknown, method: string): F {
  if (typeof fn === 'function') return fn as F;
  const m = (fn as Record<string, unknown> | null)?.[method];
  if (typeof m !== 'function') throw new TypeError(`User function object has no '${method}' method`);
  return (m as F).bind(fn) as F;
}
