/** Calling user functions: given as plain functions or as objects with a named method (Flink's shape). */
import type { RuntimeContext } from '../api/functions.js';

/** Turns `fn` (a function, or an object with method `method`) into a callable bound once. */
export function bindUserFunction<F extends (...args: never[]) => unknown>(fn: unknown, method: string): F {
  if (typeof fn === 'function') return fn as F;
  const m = (fn as Record<string, unknown> | null)?.[method];
  if (typeof m !== 'function') throw new TypeError(`User function object has no '${method}' method`);
  return (m as F).bind(fn) as F;
}

/**
 * Opens a user function object: hands a rich function (AbstractRichFunction) its context, then
 * calls its `open` if it has one.
 */
export async function openFunction(fn: unknown, context: RuntimeContext): Promise<void> {
  if (typeof fn !== 'object' || fn === null) return;
  const f = fn as { setRuntimeContext?: (c: RuntimeContext) => void; open?: (c: RuntimeContext) => unknown };
  if (typeof f.setRuntimeContext === 'function') f.setRuntimeContext(context);
  if (typeof f.open === 'function') await f.open(context);
}

/** Calls a user function object's `close` if it has one. */
export async function closeFunction(fn: unknown): Promise<void> {
  const f = fn as { close?: () => unknown };
  if (typeof fn === 'object' && fn !== null && typeof f.close === 'function') await f.close();
}
