/**
 * Services the REST layer uses for job packages, implemented in the JobManager process:
 * reading packages and extracting their plan (in an isolated child process), and putting files
 * into the BlobServer.
 */
import type { JobId } from '../common/ids.js';
import type { JobGraph } from './job-graph.js';

/** An entry point found in a package: an export with a static `main` or a function export. */
export interface EntryPointInfo {
  name: string;
  description: string | null;
}

/** What a job package contains. */
export interface JobPackageDescription {
  /** Entry points, the manifest's default first. */
  entries: EntryPointInfo[];
  /** The manifest's default entry class, if any. */
  defaultEntryClass?: string;
}

/** The parameters of Flink's JarRunRequestBody that shape the JobGraph. */
export interface ProgramOptions {
  entryClass?: string;
  args: string[];
  /** Default parallelism for operators that set none (the request's `parallelism`). */
  parallelism?: number;
  jobId?: JobId;
  /** `flinkConfiguration` of the request, merged into the job's config. */
  config: Record<string, string>;
}

/** Reads job packages and builds JobGraphs by running their `main` in plan mode, isolated. */
export interface JobPackageService {
  /**
   * Checks that `packagePath` is a job package (ESM bundle, or zip/jar with a manifest) and lists
   * its entry points. Rejects with INVALID_PACKAGE naming the problem.
   */
  describe(packagePath: string): Promise<JobPackageDescription>;
  /**
   * Runs the package's `main` in an isolated child process (time and memory bounded) and returns
   * the JobGraph it builds. `blobKey` and `packageName` go into the JobGraph's program descriptor.
   * Rejects with ENTRY_NOT_FOUND, PLAN_EXTRACTION_FAILED (user's message and stack), or
   * INVALID_PACKAGE. Once `signal` aborts (the client went away), a request still waiting for a
   * child is dropped (ILLEGAL_STATE) instead of running a `main` nobody awaits.
   */
  createJobGraph(packagePath: string, packageName: string, blobKey: string, options: ProgramOptions, signal?: AbortSignal): Promise<JobGraph>;
}

/** Local access to the BlobServer's store. */
export interface BlobService {
  /**
   * Copies a file into the store (streamed) and returns its key (sha256 hex). The caller holds one
   * reference to the blob and must `release` it.
   */
  putFile(path: string): Promise<string>;
  /** Takes one more reference to a stored blob (a job that runs from it). */
  retain(key: string): void;
  /** Drops one reference; a blob nobody references any more is deleted. */
  release(key: string): void;
}
