/**
 * The files of a job's checkpoints and savepoints (Flink's FsCheckpointStorageAccess):
 * `<dir>/<job id>/chk-<id>/` (or a savepoint's directory) holds the subtasks' state files and
 * `_metadata`, which the JobMaster writes last, atomically (a temporary file renamed), so a
 * directory with `_metadata` is a complete snapshot. `_metadata` names the state files relative to
 * its own directory, so a directory moved or copied elsewhere still restores (self-contained).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import { SHARED_STATE_DIRECTORY, type StateHandle } from '../protocol/checkpoints.js';
import type { JobVertex } from '../protocol/job-graph.js';

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
  /**
   * The keyed state files beside the state file, which it names (keyed state streamed at the
   * checkpoint): listed here too so that they are checked with it before a restore.
   */
  keyedStateFiles?: StateHandle[];
}

/** Flink's SnapshotType: a periodic or manual checkpoint, or a savepoint the user owns. */
export type SnapshotType = 'CHECKPOINT' | 'SAVEPOINT';

/** A vertex of the job at the snapshot: what a restore matches operators' state against. */
export interface VertexMetadata {
  vertexId: string;
  name: string;
  parallelism: number;
  maxParallelism: number;
  /** The chain, head first: operator id (from `uid` when set), the uid, the name. */
  operators: { operatorId: string; uid?: string; name: string }[];
}

/** The format version of `_metadata` written; another is refused as foreign. */
export const METADATA_VERSION = 2;

/**
 * What `_metadata` holds (JSON). In the file, state handle paths are relative to its directory;
 * `readVerifiedMetadata` returns them resolved against the directory it read.
 */
export interface CheckpointMetadata {
  version: typeof METADATA_VERSION;
  jobId: string;
  checkpointId: number;
  /** When the checkpoint was triggered (ms since the epoch). */
  timestamp: number;
  type: SnapshotType;
  vertices: VertexMetadata[];
  subtasks: SubtaskStateEntry[];
}

/** The vertices of a job as `_metadata` records them. */
export function vertexMetadata(vertices: readonly JobVertex[]): VertexMetadata[] {
  return vertices.map((v) => ({
    vertexId: v.id,
    name: v.name,
    parallelism: v.parallelism,
    maxParallelism: v.maxParallelism,
    operators: v.operators.map((op) => ({ operatorId: op.operatorId, ...(op.uid !== undefined && { uid: op.uid }), name: op.name })),
  }));
}

/** Creates the directory the subtasks write their state files into. */
export async function initializeLocation(location: string): Promise<void> {
  await mkdir(location, { recursive: true });
}

/** Writes `_metadata` into `location` atomically, with the state files' paths relative to it. */
export async function writeMetadata(location: string, metadata: CheckpointMetadata): Promise<void> {
  const target = join(location, METADATA_FILE_NAME);
  const temp = `${target}.inprogress`;
  const subtasks = metadata.subtasks.map((s) => mapHandles(s, (h) => ({ ...h, path: relative(location, h.path) })));
  await writeFile(temp, JSON.stringify({ ...metadata, subtasks }));
  await rename(temp, target);
}

/** Deletes a checkpoint directory and everything in it (gone already is fine). */
export async function discardLocation(location: string): Promise<void> {
  await rm(location, { recursive: true, force: true });
}

/**
 * Reads `_metadata` of `location` and checks that every state file it names exists with the
 * recorded size and sha256. Throws CHECKPOINT_CORRUPT saying what does not match. Every file
 * must lie in `location`, but for a checkpoint's (never a savepoint's) files of the job's shared
 * directory beside it (`../shared/<file>`, written by incremental checkpoints).
 */
export async function readVerifiedMetadata(location: string): Promise<CheckpointMetadata> {
  const metadataPath = join(location, METADATA_FILE_NAME);
  let metadata: CheckpointMetadata;
  try {
    metadata = JSON.parse(await readFile(metadataPath, 'utf8')) as CheckpointMetadata;
  } catch (err) {
    throw corrupt(`its metadata ${metadataPath} cannot be read: ${errorMessage(err)}`);
  }
  if (metadata.version !== METADATA_VERSION || !Array.isArray(metadata.subtasks) || !Array.isArray(metadata.vertices)) {
    throw corrupt(`its metadata ${metadataPath} is not a Sluice checkpoint metadata file of version ${METADATA_VERSION}`);
  }
  const shared = metadata.type === 'CHECKPOINT' ? resolve(location, '..', SHARED_STATE_DIRECTORY) : undefined;
  const resolveHandle = (handle: StateHandle): StateHandle => {
    const path = resolve(location, handle.path);
    const inside = path.startsWith(resolve(location) + sep) || dirname(path) === shared;
    if (isAbsolute(handle.path) || !inside) throw corrupt(`its metadata ${metadataPath} names a state file outside its directory: ${handle.path}`);
    return { ...handle, path };
  };
  metadata.subtasks = metadata.subtasks.map((entry) => mapHandles(entry, resolveHandle));
  for (const entry of metadata.subtasks) {
    for (const handle of [...(entry.state ? [entry.state] : []), ...(entry.keyedStateFiles ?? [])]) await verifyStateFile(handle);
  }
  return metadata;
}

/** `entry` with `map` applied to its state file's handle and its keyed state files'. */
export function mapHandles(entry: SubtaskStateEntry, map: (handle: StateHandle) => StateHandle): SubtaskStateEntry {
  return {
    ...entry,
    ...(entry.state && { state: map(entry.state) }),
    ...(entry.keyedStateFiles && { keyedStateFiles: entry.keyedStateFiles.map(map) }),
  };
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
