/**
 * Running a job's program in plan mode, in this thread: `env.execute()` captures the StreamGraph
 * and stops the program (Flink's ProgramAbortException) instead of running it. Used by the plan
 * extraction child and by task workers that rebuild the graph to get the user's functions.
 */
import { ProgramAbortException, type PipelineExecutor } from '../api/execution-context.js';
import type { StreamGraph } from '../api/stream-graph.js';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { listEntryPoints, resolveEntryPoint, type EntryPoint, type JobModule } from './entry-points.js';
import type { EntryPointInfo } from '../protocol/job-packages.js';
import type { JobPackage } from './job-package.js';
import { describeThrown, runProgram } from './program-runner.js';

/**
 * Runs the program in plan mode and returns the graph given to `execute()`. A module whose
 * top-level code calls `execute()` (a script, or a file that invokes its own main) has built its
 * graph once imported; otherwise the entry point runs: `entryClass`, else (given an opened
 * package) the manifest's default, else the module's `main` export or single class with a static
 * main. The program sees `args` as its arguments and as `process.argv.slice(2)`. Once a graph is
 * captured, whatever the program throws afterwards (the abort, or something a catch block made of
 * it) counts as success.
 */
export async function captureStreamGraph(bundle: string | JobPackage, entryClass: string | undefined, args: readonly string[]): Promise<StreamGraph> {
  const [bundlePath, defaultEntry] = typeof bundle === 'string' ? [bundle, undefined] : [bundle.bundlePath, bundle.manifest.entryClass];
  const capture: { graph?: StreamGraph } = {};
  let entryName: string | undefined;
  const pickEntry = (module: JobModule) => {
    const entry = resolveEntryPoint(module, entryClass ?? defaultEntry);
    entryName = entry.name;
    return entry;
  };
  try {
    await runProgram(bundlePath, pickEntry, args, capturingExecutor(capture));
  } catch (err) {
    if (capture.graph) return capture.graph;
    if (entryName === undefined) throw err;
    throw SluiceError.user(ErrorCode.PLAN_EXTRACTION_FAILED, `The program's main (entry '${entryName}') failed: ${describeThrown(err)}`, err);
  }
  if (!capture.graph) {
    throw SluiceError.user(ErrorCode.PLAN_EXTRACTION_FAILED, "The program's main did not call execute() (no job was defined)");
  }
  return capture.graph;
}

/**
 * The entry points of a package, found without running any `main`. The module is imported in plan
 * mode, so top-level code that runs its job (a script) stops at `execute()`; a script lists no entry
 * points (it runs as a whole). Top-level code that fails without the run's arguments fails when the
 * job runs, with the run's arguments — not here: like Flink, an upload runs no job code to accept
 * a package (its format and syntax are checked when it is opened).
 */
export async function listProgramEntryPoints(bundlePath: string): Promise<EntryPointInfo[]> {
  let entries: EntryPointInfo[] = [];
  const capture: { graph?: StreamGraph } = {};
  const listOnly = (module: JobModule): EntryPoint => {
    entries = listEntryPoints(module);
    return { name: '', run: () => undefined };
  };
  await runProgram(bundlePath, listOnly, [], capturingExecutor(capture)).catch(() => undefined);
  return entries;
}

/** Keeps the first graph handed to `execute()` or `executeAndCollect()` and stops the program. */
function capturingExecutor(capture: { graph?: StreamGraph }): PipelineExecutor {
  const take = async (graph: StreamGraph): Promise<never> => {
    capture.graph ??= graph;
    throw new ProgramAbortException();
  };
  return { execute: take, executeAsync: take };
}
