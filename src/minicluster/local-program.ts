/**
 * Local execution of job programs: `sluice run --local <job> [args]`, and a job file run directly
 * (`npx tsx job.ts`), which gets the executor made here as its default. Either way the program's
 * code reaches the task workers as on a cluster: bundled into a job package with `packageJob`,
 * put into the BlobServer, and rebuilt by the workers with the same arguments.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { hashFile, openJobPackage, packageJob, resolveEntryPoint, runProgram } from '../program/index.js';
import type { ProgramDescriptor } from '../protocol/job-graph.js';
import type { ClusterProvider } from './cluster-provider.js';
import { LocalExecutor, type LocalProgram } from './local-executor.js';

export interface LocalRunOptions {
  /** A job entry file (TypeScript or JavaScript, bundled here) or a job package (.jar/.zip). */
  jobFile: string;
  /** The entry point; default: the package manifest's, else the module's `main` or single class with a static main. */
  entryClass?: string;
  args: string[];
  /** Default parallelism (`-p`). */
  parallelism?: number;
  clusters: ClusterProvider;
}

/**
 * Runs the program in this process as `node <job> <args>` would — top-level code, then the entry
 * point unless that code already ran a job — with its jobs on `clusters`. Resolves with what the
 * entry point returned once every job it started has ended; rejects with what the program threw
 * (a failed job's root cause, when it awaited `execute()`).
 */
export async function runLocalProgram(opts: LocalRunOptions): Promise<unknown> {
  const workDir = await mkdtemp(join(tmpdir(), 'sluice-run-'));
  try {
    const jobFile = resolve(opts.jobFile);
    const packagePath = isZipPackage(jobFile) ? jobFile : (await packageJob(jobFile, join(workDir, 'job.mjs'))).path;
    const pkg = await openJobPackage(packagePath, { cacheDir: join(workDir, 'packages') });
    const entryClass = opts.entryClass ?? pkg.manifest.entryClass;
    const descriptor = { blobKey: pkg.sha256, packageName: basename(jobFile), ...(entryClass !== undefined && { entryClass }), args: [...opts.args] };
    const program: LocalProgram = { packagePath, descriptor, dispose: async () => undefined };
    const executor = new LocalExecutor({ program: async () => program, clusters: opts.clusters, parallelism: opts.parallelism });
    try {
      return await runProgram(pkg.bundlePath, (module) => resolveEntryPoint(module, entryClass), opts.args, executor);
    } finally {
      // Jobs the program started without awaiting them still run on clusters this run owns.
      await executor.whenIdle();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * The default executor of a job file run directly: `entryFile` (`process.argv[1]`) is bundled
 * for the task workers, which run it again with `args` in plan mode. Throws NO_EXECUTOR when the
 * program does not come from a file (a REPL, `node -e`).
 */
export function entryFileExecutor(entryFile: string | undefined, args: readonly string[], clusters: ClusterProvider): LocalExecutor {
  if (entryFile === undefined || !existsSync(entryFile) || !statSync(entryFile).isFile()) {
    throw SluiceError.user(ErrorCode.NO_EXECUTOR, `execute() runs a job locally only from a job file started directly (node or tsx <file>), but this program's entry is ${entryFile === undefined ? 'not a file' : `'${entryFile}'`}. Package the job (sluice package) and submit it to a cluster, or use sluice run --local.`);
  }
  return new LocalExecutor({ program: () => bundleEntryFile(resolve(entryFile), [...args]), clusters });
}

async function bundleEntryFile(entryFile: string, args: string[]): Promise<LocalProgram> {
  const workDir = await mkdtemp(join(tmpdir(), 'sluice-local-'));
  const dispose = (): Promise<void> => rm(workDir, { recursive: true, force: true });
  try {
    const { path } = await packageJob(entryFile, join(workDir, 'job.mjs'));
    // No entry class: the file runs its job itself when imported, in task workers as here.
    const descriptor: ProgramDescriptor = { blobKey: await hashFile(path), packageName: basename(entryFile), args };
    return { packagePath: path, descriptor, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

function isZipPackage(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return ext === '.jar' || ext === '.zip';
}
