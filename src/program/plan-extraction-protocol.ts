/** The IPC messages between the JobManager and its plan extraction child (one request, one reply). */
import type { SerializedError } from '../common/errors.js';
import type { ProgramOptions } from '../protocol/job-packages.js';

/** Settings the child needs beside the request itself. */
export interface PlanExtractionSettings {
  cacheDir: string;
  defaultParallelism: number;
  defaultMaxParallelism?: number;
}

export type PlanRequest =
  | { kind: 'describe'; packagePath: string; settings: PlanExtractionSettings }
  | { kind: 'createJobGraph'; packagePath: string; packageName: string; blobKey: string; options: ProgramOptions; settings: PlanExtractionSettings };

export type PlanReply = { ok: true; value: unknown } | { ok: false; error: SerializedError };
