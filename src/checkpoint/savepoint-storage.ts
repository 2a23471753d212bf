/**
 * The files of savepoints (Flink's savepoint locations): a savepoint is a self-contained directory
 * `<target>/savepoint-<first 6 characters of the job id>-<12 hex>/` with the subtasks' state files
 * and a `_metadata` of type SAVEPOINT. The tasks write their state into the job's checkpoint
 * directory as for any checkpoint (a task behind an input knows only that directory); completing
 * the savepoint moves those files into its own directory, which the user then owns.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, readdir, readFile, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import { discardLocation, mapHandles, METADATA_FILE_NAME, METADATA_VERSION, type SubtaskStateEntry } from './checkpoint-storage.js';

/** A fresh savepoint directory of job `jobId` under `targetDirectory` (Flink's naming). */
export function savepointLocation(targetDirectory: string, jobId: string): string {
  return join(targetDirectory, `savepoint-${jobId.slice(0, 6)}-${randomBytes(6).toString('hex')}`);
}

/**
 * Moves every file the tasks wrote into checkpoint directory `from` (the state files of
 * `subtasks` and the keyed state files beside them) into `location` (renamed, so large state is
 * not written twice; copied when `location` is on another file system); returns the entries
 * naming the files there.
 */
export async function moveStateFiles(subtasks: readonly SubtaskStateEntry[], from: string, location: string): Promise<SubtaskStateEntry[]> {
  const names = await readdir(from).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
  await Promise.all(names.map(async (name) => {
    try {
      await rename(join(from, name), join(location, name));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await copyFile(join(from, name), join(location, name));
    }
  }));
  return subtasks.map((s) => mapHandles(s, (h) => ({ ...h, path: join(location, basename(h.path)) })));
}

/**
 * Deletes the savepoint in directory `path` (Flink's savepoint disposal). Refuses, with
 * SAVEPOINT_DISPOSAL_REFUSED naming why, anything but a directory whose `_metadata` is a Sluice
 * savepoint's, so an arbitrary directory or a checkpoint is never deleted.
 */
export async function disposeSavepoint(path: string): Promise<void> {
  const metadataPath = join(path, METADATA_FILE_NAME);
  let metadata: { version?: unknown; type?: unknown };
  try {
    metadata = JSON.parse(await readFile(metadataPath, 'utf8')) as typeof metadata;
  } catch (err) {
    throw refused(`${path} is not a savepoint: its metadata ${metadataPath} cannot be read: ${errorMessage(err)}`);
  }
  if (metadata.version !== METADATA_VERSION) throw refused(`${path} is not a savepoint: ${metadataPath} is not a Sluice metadata file of version ${METADATA_VERSION}`);
  if (metadata.type !== 'SAVEPOINT') throw refused(`${path} is not a savepoint: its metadata says ${String(metadata.type)}`);
  await discardLocation(path);
}

function refused(message: string): SluiceError {
  return new SluiceError(ErrorCode.SAVEPOINT_DISPOSAL_REFUSED, message, { kind: 'user' });
}
