/**
 * Running a job program in this thread the way `node <bundle> <args>` runs it, with a chosen
 * PipelineExecutor serving its `execute()` calls: plan mode (capture the graph) and local
 * execution (`sluice run --local`) both go through here, so both see a program exactly as a user
 * who runs the file directly does.
 */
import { pathToFileURL } from 'node:url';
import { setContextExecutor, type PipelineExecutor } from '../api/execution-context.js';
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { EntryPoint, JobModule } from './entry-points.js';
import { installSluiceResolver } from './sluice-resolver.js';

/** Bundles whose top-level code runs their job, so every run must evaluate them afresh. */
const selfRunningBundles = new Set<string>();
let evaluations = 0;
let running = false;

/** Imports a job bundle (with `sluice` resolvable). A module that fails to load is an INVALID_PACKAGE. */
export async function importJobModule(bundlePath: string): Promise<JobModule> {
  try {
    return await loadModule(bundlePath);
  } catch (err) {
    throw invalidPackage(err);
  }
}

/**
 * Runs the program in `bundlePath` with `executor` installed and `args` as `process.argv.slice(2)`:
 * imports the bundle and, unless its top-level code called `execute()` (a script, or a file that
 * invokes its own main), calls the entry point `pickEntry` chooses with `args`. Resolves with what
 * the entry returned. Rejects with INVALID_PACKAGE if the module fails before running a job, and
 * otherwise with what the program threw (entry errors unwrapped). One program at a time per thread,
 * since the context executor is per thread.
 */
export async function runProgram(bundlePath: string, pickEntry: (module: JobModule) => EntryPoint, args: readonly string[], executor: PipelineExecutor): Promise<unknown> {
  if (running) throw new SluiceError(ErrorCode.ILLEGAL_STATE, 'A job program is already running in this thread');
  running = true;
  let executed = false;
  const argv = process.argv;
  process.argv = [process.execPath, bundlePath, ...args];
  setContextExecutor(observeSubmissions(executor, () => (executed = true)));
  try {
    let module: JobModule;
    try {
      module = await loadModule(bundlePath);
    } catch (err) {
      // Top-level code that ran a job failed with it (or, in plan mode, stopped at it).
      if (executed) selfRunningBundles.add(bundlePath);
      throw executed ? err : invalidPackage(err);
    }
    if (executed) {
      selfRunningBundles.add(bundlePath);
      return undefined;
    }
    return await pickEntry(module).run([...args]);
  } finally {
    setContextExecutor(undefined);
    process.argv = argv;
    running = false;
  }
}

async function loadModule(bundlePath: string): Promise<JobModule> {
  installSluiceResolver();
  const url = pathToFileURL(bundlePath);
  // The module cache would hand back a self-running module without running its code again.
  if (selfRunningBundles.has(bundlePath)) url.search = `run=${++evaluations}`;
  return (await import(url.href)) as JobModule;
}

/** `executor`, telling `onSubmit` about every job the program submits. */
function observeSubmissions(executor: PipelineExecutor, onSubmit: () => void): PipelineExecutor {
  const { executeAsync } = executor;
  return {
    execute: (graph) => {
      onSubmit();
      return executor.execute(graph);
    },
    ...(executeAsync && {
      executeAsync: (graph) => {
        onSubmit();
        return executeAsync.call(executor, graph);
      },
    }),
  };
}

function invalidPackage(err: unknown): SluiceError {
  return SluiceError.user(ErrorCode.INVALID_PACKAGE, `The job package could not be loaded: ${describeThrown(err)}`, err);
}

/** A thrown value as text: an Error's message and stack, else its string form. */
export function describeThrown(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const headline = `${err.name}: ${err.message}`;
  if (err.stack === undefined) return headline;
  return err.stack.includes(err.message) ? err.stack : `${headline}\n${err.stack}`;
}
