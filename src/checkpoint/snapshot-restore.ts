/**
 * Starting a job from a savepoint or retained checkpoint (Flink's `execution.savepoint.path`): the
 * job's configuration names the snapshot, which must read back intact (`readVerifiedMetadata`)
 * and whose state must map onto the job's operators (`assignSnapshotState`). The snapshot is
 * only read: in NO_CLAIM mode (the default) it belongs to the user and is never modified or
 * deleted; in CLAIM mode the job owns it and deletes it once its own checkpoints subsume it.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { Configuration } from '../common/config/configuration.js';
import { StateRecoveryOptions } from '../common/config/options.js';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import type { SnapshotRestoreCheck } from '../protocol/checkpoints.js';
import type { JobGraph } from '../protocol/job-graph.js';
import { METADATA_FILE_NAME, readVerifiedMetadata, type CheckpointMetadata } from './checkpoint-storage.js';
import { assignSnapshotState, type StateAssignment } from './state-assignment.js';

/** A snapshot a job starts from, read and mapped onto the job's operators. */
export interface SnapshotRestore {
  /** The snapshot's directory. */
  location: string;
  metadata: CheckpointMetadata;
  assignment: StateAssignment;
  /** CLAIM mode: the job owns the snapshot (and deletes it once subsumed). */
  claimed: boolean;
}

/**
 * Reads the snapshot the job's configuration names (undefined when it names none). Throws
 * SNAPSHOT_NOT_RESTORABLE naming the path and the problem, INVALID_CONFIG for a bad setting.
 */
export async function loadSnapshotRestore(jobGraph: Pick<JobGraph, 'config' | 'vertices'>): Promise<SnapshotRestore | undefined> {
  const path = snapshotRestorePath(jobGraph.config);
  if (path === undefined) return undefined;
  const config = new Configuration(Object.entries(jobGraph.config));
  // Read before the snapshot, so a bad setting is refused at submission as INVALID_CONFIG naming its key.
  const claimed = config.get(StateRecoveryOptions.CLAIM_MODE) === 'CLAIM';
  const allowNonRestoredState = config.get(StateRecoveryOptions.IGNORE_UNCLAIMED_STATE);
  try {
    const location = await snapshotDirectory(path);
    const metadata = await readVerifiedMetadata(location);
    return { location, metadata, assignment: assignSnapshotState(metadata, jobGraph.vertices, allowNonRestoredState), claimed };
  } catch (err) {
    throw new SluiceError(ErrorCode.SNAPSHOT_NOT_RESTORABLE, `Cannot restore the job from snapshot '${path}': ${errorMessage(err)}`, { kind: 'user', cause: err });
  }
}

/**
 * Snapshots the submission check read, by job graph: the JobMaster of the same JobManager gets the
 * same job graph object and takes the snapshot from here instead of reading and hashing it again.
 */
const checkedAtSubmission = new WeakMap<object, SnapshotRestore>();

/** The submission-time check of the REST API: reads and maps the snapshot as the JobMaster will. */
export const checkSnapshotRestore: SnapshotRestoreCheck = async (jobGraph) => {
  const restore = await loadSnapshotRestore(jobGraph);
  if (restore !== undefined) checkedAtSubmission.set(jobGraph, restore);
};

/**
 * The snapshot a JobMaster starts its job from: the one the submission check read for this job
 * graph (once), else read now (a job recovered by another JobManager, or submitted without the check).
 */
export async function takeSnapshotRestore(jobGraph: Pick<JobGraph, 'config' | 'vertices'>): Promise<SnapshotRestore | undefined> {
  const checked = checkedAtSubmission.get(jobGraph);
  checkedAtSubmission.delete(jobGraph);
  return checked ?? loadSnapshotRestore(jobGraph);
}

/** The snapshot a job's configuration says it starts from; undefined for a fresh start. */
export function snapshotRestorePath(jobConfig: Record<string, string>): string | undefined {
  const path = new Configuration(Object.entries(jobConfig)).get(StateRecoveryOptions.PATH);
  return path === '' ? undefined : path;
}

/** The directory of a snapshot named by its directory or its `_metadata` file, as Flink accepts both. */
async function snapshotDirectory(path: string): Promise<string> {
  const absolute = resolve(path);
  if (basename(absolute) === METADATA_FILE_NAME) return dirname(absolute);
  const found = await stat(absolute).catch((err: unknown) => {
    throw new Error(`it does not exist or cannot be read (${errorMessage(err)})`);
  });
  if (!found.isDirectory()) throw new Error(`it is neither a snapshot directory nor its ${METADATA_FILE_NAME} file`);
  return absolute;
}
