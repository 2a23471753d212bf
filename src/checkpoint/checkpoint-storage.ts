/**
 * The files of a job's checkpoints (Flink's FsCheckpointStorageAccess): `<dir>/<job id>/chk-<id>/`
 * holds the subtasks' state files and `_metadata`, which the JobMaster writes last, atomically
 * (a temporary file renamed), so a directory with `_metadata` is a complete checkpoint.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import type { StateHandle } from '../protocol/checkpoints.js';

/** Name of the metadata file in a checkpoint directory (Flink's). */
export const METADATA_FILE_NAME = '_metadata';

/** One subtask's part of a completed checkpoint. */
export interface SubtaskStateEntry {
  vertexId: string;
  subtaskIndex: number;
  /** It had finished before the checkpoint: a restore must not emit again. */
  finished: boolean;
  /** Its state file; none when it had no state. */
  state?: StateHandle;
}

/** What `_metadata` holds (JSON). */
export interface CheckpointMetadata {
  version: 1;
  jobId: string;
  checkpointId: number;
  /** When the checkpoint was triggered (ms since the epoch). */
  timestamp: number;
  subtasks: SubtaskStateEntry[];
}

/** Creates the directory the subtasks write their state files into. */
export async function initializeLocation(location: string): Promise<void> {
  await mkdir(location, { recursive: true });
}

/** Writes `_metadata` into `location` atomically. */
export async function writeMetadata(location: string, metadata: CheckpointMetadata): Promise<void> {
  const target = join(location, METADATA_FILE_NAME);
  const temp = `${target}.inprogress`;
  await writeFile(temp, JSON.stringify(metadata));
  await rename(temp, target);
}

/** Deletes a checkpoint directory and everything in it (gone already is fine). */
export async function discardLocation(location: string): Promise<void> {
  await rm(location, { recursive: true, force: true });
}

/**
 * Reads `_metadata` of `location` and checks that every state file it names exists with the
 * recorded size and sha256. Throws CHECKPOINT_CORRUPT saying what does not match.
 */
export async function readVerifiedMetadata(location: string): Promise<CheckpointMetadata> {
  const metadataPath = join(location, METADATA_FILE_NAME);
  let metadata: CheckpointMetadata;
  try {
    metadata = JSON.parse(await readFile(metadataPath, 'utf8')) as CheckpointMetadata;
  } catch (err) {
    throw corrupt(`its metadata ${metadataPath} cannot be read: ${errorMessage(err)}`);
  }
  if (metadata.version !== 1 || !Array.isArray(metadata.subtasks)) throw corrupt(`its metadata ${metadataPath} is not a Sluice checkpoint metadata file of version 1`);
  for (const entry of metadata.subtasks) {
    if (entry.state) await verifyStateFile(entry.state);
  }
  return metadata;
}

async function verifyStateFile(handle: StateHandle): Promise<void> {
  let size: number;
  try {
    size = (await stat(handle.path)).size;
  } catch (err) {
    throw corrupt(`its state file ${handle.path} is missing: ${errorMessage(err)}`);
  }
  if (size !== handle.size) throw corrupt(`its state file ${handle.path} has ${size} bytes, ${handle.size} were written`);
  const sha256 = createHash('sha256').update(await readFile(handle.path)).digest('hex');
  if (sha256 !== handle.sha256) throw corrupt(`its state file ${handle.path} does not have the sha256 that was written`);
}

function corrupt(message: string): SluiceError {
  return new SluiceError(ErrorCode.CHECKPOINT_CORRUPT, message, { kind: 'external' });
}
