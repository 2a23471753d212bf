/**
 * Running a job's `main` in plan mode, in this thread: `env.execute()` captures the StreamGraph
 * and stops the program (Flink's ProgramAbortException) instead of running it. Used by the plan
 * extraction child and by task workers that rebuild the graph to get the user's functions.
 */
import { pathToFileURL } from 'node:url';
import { ProgramAbortException, setContextExecutor } from '../api/execution-context.js';
import type { StreamGraph } from '../api/stream-graph.js';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { resolveEntryPoint, type EntryPoint, type JobModule } from './entry-points.js';
import type { JobPackage } from './job-package.js';
import { installSluiceResolver } from './sluice-resolver.js';

/** Imports a job bundle (with `sluice` resolvable). A module that fails to load is an INVALID_PACKAGE. */
export async function importJobModule(bundlePath: string): Promise<JobModule> {
  installSluiceResolver();
  try {
    return (await import(pathToFileURL(bundlePath).href)) as JobModule;
  } catch (err) {
    throw SluiceError.user(ErrorCode.INVALID_PACKAGE, `The job package could not be loaded: ${describeThrown(err)}`, err);
  }
}

/**
 * Imports the bundle, picks the entry point and runs it in plan mode. Given an opened package, a
 * missing `entryClass` falls back to its manifest's default; given a bundle path, to the module's
 * `main` export or single class with a static main.
 */
export async function captureStreamGraph(bundle: string | JobPackage, entryClass: string | undefined, args: readonly string[]): Promise<StreamGraph> {
  const [bundlePath, defaultEntry] = typeof bundle === 'string' ? [bundle, undefined] : [bundle.bundlePath, bundle.manifest.entryClass];
  const module = await importJobModule(bundlePath);
  return runInPlanMode(resolveEntryPoint(module, entryClass ?? defaultEntry), args);
}

let running = false;

/**
 * Runs an entry point with a capturing executor installed and returns the graph given to
 * `execute()`. Once a graph is captured, whatever the program throws afterwards (the abort, or
 * something a catch block made of it) counts as success. One capture at a time per thread, since
 * the context executor is per thread.
 */
export async function runInPlanMode(entry: EntryPoint, args: readonly string[]): Promise<StreamGraph> {
  if (running) throw new SluiceError(ErrorCode.ILLEGAL_STATE, 'A plan capture is already running in this thread');
  const capture: { graph?: StreamGraph } = {};
  running = true;
  setContextExecutor({
    async execute(graph) {
      capture.graph ??= graph;
      throw new ProgramAbortException();
    },
  });
  try {
    await entry.run([...args]);
  } catch (err) {
    if (!capture.graph) {
      throw SluiceError.user(ErrorCode.PLAN_EXTRACTION_FAILED, `The program's main (entry '${entry.name}') failed: ${describeThrown(err)}`, err);
    }
  } finally {
    setContextExecutor(undefined);
    running = false;
  }
  if (!capture.graph) {
    throw SluiceError.user(ErrorCode.PLAN_EXTRACTION_FAILED, "The program's main did not call execute() (no job was defined)");
  }
  return capture.graph;
}

/** A thrown value as text: an Error's message and stack, else its string form. */
function describeThrown(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const headline = `${err.name}: ${err.message}`;
  if (err.stack === undefined) return headline;
  return err.stack.includes(err.message) ? err.stack : `${headline}\n${err.stack}`;
}
