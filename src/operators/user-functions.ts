/** Calling user functions: given as plain functions or as objects with a named method (Flink's shape). */
import type { RuntimeContext } from '../api/functions.js';

/** Turns `fn` (a function, or an object with method `method`) into a callable bound once. */
export function bindUserFunction<F extends (...args: never[]) => unknown>(fn: unknown, method: string): F {
  if (typeof fn === 'function') return fn as F;
  const m = (fn as Record<string, unknown> | null)?.[method];
  if (typeof m !== 'function') throw new TypeError(`User function object has no '${method}' method`);
  return (m as F).bind(fn) as F;
}

/** Hands a rich function (AbstractRichFunction) its context, before its initializeState and open. */
export function setRuntimeContext(fn: unknown, context: RuntimeContext): void {
  const f = fn as { setRuntimeContext?: (c: RuntimeContext) => void } | null;
  if (typeof fn === 'object' && typeof f?.setRuntimeContext === 'function') f.setRuntimeContext(context);
}

/** Calls a user function object's `open` if it has one. */
export async function openFunction(fn: unknown, context: RuntimeContext): Promise<void> {
  const f = fn as { open?: (c: RuntimeContext) => unknown } | null;
  if (typeof fn === 'object' && typeof f?.open === 'function') await f.open(context);
}

/** Calls a user function object's `close` if it has one. */
export async function closeFunction(fn: unknown): Promise<void> {
  const f = fn as { close?: () => unknown };
  if (typeof fn === 'object' && fn !== null && typeof f.close === 'function') await f.close();
}
