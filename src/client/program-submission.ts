/**
 * Submitting a program to a running cluster through its REST API, as `sluice run` and remote
 * execution do: an entry file is bundled into a job package first (`packageJob`, as for local
 * runs), uploaded (`POST /jars/upload`) and run (`POST /jars/:id/run`). The JobManager extracts
 * the plan from the package itself, so the program's main is never sent as a graph.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import type { JobId } from '../common/ids.js';
import { packageJob } from '../program/index.js';
import type { RestClusterClient } from './rest-cluster-client.js';

/** What to run: Flink's `run` options. */
export interface ProgramSubmission {
  /** A job entry file (.ts/.js, bundled here) or a job package (.jar/.zip, uploaded as it is). */
  jobFile: string;
  entryClass?: string;
  args: string[];
  parallelism?: number;
  jobId?: JobId;
  /** Restore the job's state from this savepoint (`-s`). */
  savepointPath?: string;
  /** Skip savepoint state that maps to no operator (`-n`). */
  allowNonRestoredState?: boolean;
  /** Who owns the savepoint (`-rm`): NO_CLAIM (default) or CLAIM. */
  restoreMode?: 'CLAIM' | 'NO_CLAIM';
}

/** Uploads and runs the program; resolves to the job id once the cluster accepted the job. */
export async function submitProgram(cluster: RestClusterClient, submission: ProgramSubmission): Promise<JobId> {
  const workDir = await mkdtemp(join(tmpdir(), 'sluice-submit-'));
  try {
    const jobFile = resolve(submission.jobFile);
    const packagePath = isZipPackage(jobFile) ? jobFile : (await packageJob(jobFile, join(workDir, `${basename(jobFile, extname(jobFile))}.mjs`))).path;
    const jarId = await cluster.uploadJar(packagePath);
    try {
      const { entryClass, parallelism, jobId, savepointPath, allowNonRestoredState, restoreMode } = submission;
      // Only what was given: Flink treats a missing field as "use the default".
      const given = Object.fromEntries(Object.entries({ entryClass, parallelism, jobId, savepointPath, allowNonRestoredState, restoreMode }).filter(([, v]) => v !== undefined));
      return await cluster.runJar(jarId, { programArgsList: submission.args, ...given });
    } finally {
      // The run put the package into the BlobServer; the upload would only pile up in web.upload.dir.
      await cluster.deleteJar(jarId).catch(() => undefined);
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function isZipPackage(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return ext === '.jar' || ext === '.zip';
}
