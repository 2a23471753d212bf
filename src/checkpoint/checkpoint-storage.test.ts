import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ErrorCode } from '../common/errors.js';
import type { StateHandle } from '../protocol/checkpoints.js';
import { METADATA_FILE_NAME, initializeLocation, readVerifiedMetadata, writeMetadata, type CheckpointMetadata } from './checkpoint-storage.js';

test('a snapshot directory names its state files relative to itself: moved elsewhere, it still reads and verifies', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'checkpoint-storage-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const location = join(root, 'savepoint-abc');
  await initializeLocation(location);
  const file = (name: string, bytes: Buffer): StateHandle => {
    writeFileSync(join(location, name), bytes);
    return { path: join(location, name), size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
  };
  const state = file('v-0', Buffer.from('state of subtask 0'));
  const keyed = file('v-0-o', Buffer.from('keyed state of subtask 0'));
  const metadata: CheckpointMetadata = {
    version: 2, jobId: 'j', checkpointId: 7, timestamp: 1, type: 'SAVEPOINT',
    vertices: [{ vertexId: 'v', name: 'Source', parallelism: 1, maxParallelism: 128, operators: [{ operatorId: 'o', uid: 'source', name: 'Source' }] }],
    subtasks: [{ vertexId: 'v', subtaskIndex: 0, finished: false, state, keyedStateFiles: [keyed] }],
  };
  await writeMetadata(location, metadata);
  const written = JSON.parse(readFileSync(join(location, METADATA_FILE_NAME), 'utf8')) as CheckpointMetadata;
  assert.deepEqual([written.subtasks[0]!.state!.path, written.subtasks[0]!.keyedStateFiles![0]!.path], ['v-0', 'v-0-o']);

  const moved = join(root, 'elsewhere');
  renameSync(location, moved);
  const read = await readVerifiedMetadata(moved);
  assert.deepEqual(read, { ...metadata, subtasks: [{ ...metadata.subtasks[0]!, state: { ...state, path: join(moved, 'v-0') }, keyedStateFiles: [{ ...keyed, path: join(moved, 'v-0-o') }] }] });

  writeFileSync(join(moved, 'v-0-o'), 'keyed state of subtask 1');
  await assert.rejects(readVerifiedMetadata(moved), { code: 'CHECKPOINT_CORRUPT', message: /state file .*v-0-o does not have the sha256/ }, 'a damaged keyed state file is found before a restore');
});

test('metadata of another version, or naming a file outside its directory, is refused as corrupt', async (t) => {
  const location = mkdtempSync(join(tmpdir(), 'checkpoint-storage-'));
  t.after(() => rmSync(location, { recursive: true, force: true }));
  const write = (m: unknown): void => writeFileSync(join(location, METADATA_FILE_NAME), JSON.stringify(m));
  write({ version: 1, jobId: 'j', checkpointId: 1, timestamp: 0, subtasks: [] });
  await assert.rejects(readVerifiedMetadata(location), (err: { code: string; message: string }) => err.code === ErrorCode.CHECKPOINT_CORRUPT && /version 2/.test(err.message));
  write({ version: 2, jobId: 'j', checkpointId: 1, timestamp: 0, type: 'CHECKPOINT', vertices: [], subtasks: [{ vertexId: 'v', subtaskIndex: 0, finished: false, state: { path: '/etc/passwd', size: 1, sha256: 'x' } }] });
  await assert.rejects(readVerifiedMetadata(location), /outside its directory/);
  write({ version: 2, jobId: 'j', checkpointId: 1, timestamp: 0, type: 'CHECKPOINT', vertices: [], subtasks: [{ vertexId: 'v', subtaskIndex: 0, finished: false, state: { path: '../x/v-0', size: 1, sha256: 'x' } }] });
  await assert.rejects(readVerifiedMetadata(location), /outside its directory/);
});

test('a checkpoint may name files of the job\'s shared directory beside it (incremental); a savepoint may not', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'checkpoint-storage-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const location = join(root, 'chk-3');
  await initializeLocation(location);
  await initializeLocation(join(root, 'shared'));
  const bytes = Buffer.from('a delta');
  writeFileSync(join(root, 'shared', 'v-0-o-3'), bytes);
  const delta: StateHandle = { path: '../shared/v-0-o-3', size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
  const write = (type: string): void => writeFileSync(join(location, METADATA_FILE_NAME), JSON.stringify({ version: 2, jobId: 'j', checkpointId: 3, timestamp: 0, type, vertices: [], subtasks: [{ vertexId: 'v', subtaskIndex: 0, finished: false, keyedStateFiles: [delta] }] }));
  write('CHECKPOINT');
  assert.equal((await readVerifiedMetadata(location)).subtasks[0]!.keyedStateFiles![0]!.path, join(root, 'shared', 'v-0-o-3'));
  write('SAVEPOINT');
  await assert.rejects(readVerifiedMetadata(location), { code: 'CHECKPOINT_CORRUPT', message: /outside its directory: \.\.\/shared\/v-0-o-3/ });
});
