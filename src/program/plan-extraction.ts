/**
 * What the plan extraction child does: open a package and run user code in this process. Only
 * the child (`plan-extractor-main`) calls these — user code must never run in the JobManager.
 */
import type { JobGraph } from '../protocol/job-graph.js';
import type { JobPackageDescription, ProgramOptions } from '../protocol/job-packages.js';
import { openJobPackage } from './job-package.js';
import type { PlanExtractionSettings } from './plan-extraction-protocol.js';
import { captureStreamGraph, listProgramEntryPoints } from './plan-mode.js';
import { createProgramJobGraph } from './program-job-graph.js';

/** Lists the package's entry points, the manifest's default first. */
export async function describeJobPackage(packagePath: string, settings: PlanExtractionSettings): Promise<JobPackageDescription> {
  const pkg = await openJobPackage(packagePath, { cacheDir: settings.cacheDir });
  const entries = await listProgramEntryPoints(pkg.bundlePath);
  const defaultEntryClass = pkg.manifest.entryClass;
  const isDefault = (name: string): number => (name === defaultEntryClass ? 0 : 1);
  return {
    entries: [...entries].sort((a, b) => isDefault(a.name) - isDefault(b.name)),
    ...(defaultEntryClass !== undefined && { defaultEntryClass }),
  };
}

/** Runs the package's main in plan mode and turns the captured StreamGraph into a JobGraph. */
export async function extractJobGraph(
  packagePath: string, packageName: string, blobKey: string, options: ProgramOptions, settings: PlanExtractionSettings,
): Promise<JobGraph> {
  const pkg = await openJobPackage(packagePath, { cacheDir: settings.cacheDir });
  // The effective entry goes into the descriptor, so task workers pick the same one.
  const entryClass = options.entryClass ?? pkg.manifest.entryClass;
  const streamGraph = await captureStreamGraph(pkg.bundlePath, entryClass, options.args);
  const program = { blobKey, packageName, ...(entryClass !== undefined && { entryClass }), args: [...options.args] };
  return createProgramJobGraph(streamGraph, program, options, settings);
}
