/**
 * Finding a job's entry point among its module's exports: a class (or object) with a static
 * `main(args)` — the Java shape of Flink's `WordCount` — or a plain function.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { EntryPointInfo } from '../protocol/job-packages.js';

/** A job module's namespace object. */
export type JobModule = Readonly<Record<string, unknown>>;

/** A callable entry point. */
export interface EntryPoint {
  name: string;
  run(args: string[]): unknown;
}

type WithMain = { main: (args: string[]) => unknown; description?: unknown };

function hasStaticMain(value: unknown): value is WithMain {
  return (typeof value === 'function' || (typeof value === 'object' && value !== null))
    && typeof (value as { main?: unknown }).main === 'function';
}

function isPlainFunction(value: unknown): value is (args: string[]) => unknown {
  return typeof value === 'function' && !/^class\b/.test(Function.prototype.toString.call(value));
}

function isEntryPoint(value: unknown): boolean {
  return hasStaticMain(value) || isPlainFunction(value);
}

/** The module's entry points, in export order, with the `description` they declare (if a string). */
export function listEntryPoints(module: JobModule): EntryPointInfo[] {
  return Object.keys(module)
    .filter((name) => isEntryPoint(module[name]))
    .map((name) => {
      const description = (module[name] as { description?: unknown }).description;
      return { name, description: typeof description === 'string' ? description : null };
    });
}

function toEntryPoint(name: string, value: unknown): EntryPoint {
  // A static main is called as a method so `this` is its class, as in Java.
  if (hasStaticMain(value)) return { name, run: (args) => value.main(args) };
  const fn = value as (args: string[]) => unknown;
  return { name, run: (args) => fn(args) };
}

function entryNotFound(problem: string, module: JobModule): SluiceError {
  const names = listEntryPoints(module).map((e) => e.name);
  const available = names.length > 0
    ? `entry points: ${names.join(', ')}`
    : 'it exports no entry point (a function, or a class with a static main(args))';
  return SluiceError.user(ErrorCode.ENTRY_NOT_FOUND, `${problem}; ${available}`);
}

/**
 * Picks the entry point: the export named `entryClass` if given, else the `main` export, else the
 * only export with a static `main`. Rejects with ENTRY_NOT_FOUND listing what exists.
 */
export function resolveEntryPoint(module: JobModule, entryClass: string | undefined): EntryPoint {
  if (entryClass !== undefined) {
    if (!Object.hasOwn(module, entryClass) || !isEntryPoint(module[entryClass])) {
      throw entryNotFound(`Entry point '${entryClass}' not found in the job package`, module);
    }
    return toEntryPoint(entryClass, module[entryClass]);
  }
  if (Object.hasOwn(module, 'main') && isEntryPoint(module.main)) return toEntryPoint('main', module.main);
  const withMain = Object.keys(module).filter((name) => hasStaticMain(module[name]));
  if (withMain.length === 1) return toEntryPoint(withMain[0]!, module[withMain[0]!]);
  throw entryNotFound(withMain.length === 0
    ? 'The job package has no default entry point (a `main` export or a single class with a static main)'
    : 'The job package has several entry points and no default; choose one with entryClass', module);
}
