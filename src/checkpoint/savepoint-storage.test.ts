import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { disposeSavepoint, moveStateFiles, savepointLocation } from './savepoint-storage.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-savepoint-storage-'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function snapshotDir(name: string, metadata: unknown): Promise<string> {
  const path = join(dir, name);
  await mkdir(path);
  await writeFile(join(path, 'state-0'), 'bytes');
  if (metadata !== undefined) await writeFile(join(path, '_metadata'), typeof metadata === 'string' ? metadata : JSON.stringify(metadata));
  return path;
}

test('a savepoint location is a fresh savepoint-<first 6 characters of the job id>-<12 hex> under the target', () => {
  const a = savepointLocation('/sp', 'abcdef0123456789abcdef0123456789');
  assert.match(a, /^\/sp\/savepoint-abcdef-[0-9a-f]{12}$/);
  assert.notEqual(savepointLocation('/sp', 'abcdef0123456789abcdef0123456789'), a);
});

test('disposal deletes a directory whose _metadata is a Sluice savepoint\'s', async () => {
  const path = await snapshotDir('savepoint', { version: 2, type: 'SAVEPOINT', subtasks: [], vertices: [] });
  await disposeSavepoint(path);
  await assert.rejects(stat(path), { code: 'ENOENT' });
});

test('disposal refuses, deleting nothing, a checkpoint, a directory without _metadata, foreign metadata, and a missing path', async () => {
  const cases: [string, RegExp][] = [
    [await snapshotDir('checkpoint', { version: 2, type: 'CHECKPOINT', subtasks: [], vertices: [] }), /its metadata says CHECKPOINT/],
    [await snapshotDir('plain', undefined), /cannot be read/],
    [await snapshotDir('foreign', 'not json'), /cannot be read/],
    [await snapshotDir('old', { version: 1, type: 'SAVEPOINT' }), /not a Sluice metadata file of version 2/],
  ];
  for (const [path, message] of cases) {
    await assert.rejects(disposeSavepoint(path), { code: 'SAVEPOINT_DISPOSAL_REFUSED', message }, path);
    await stat(join(path, 'state-0'));
  }
  await assert.rejects(disposeSavepoint(join(dir, 'missing')), { code: 'SAVEPOINT_DISPOSAL_REFUSED', message: /is not a savepoint/ });
});

test('completing a savepoint moves every file the tasks wrote (state files and the keyed state files beside them) and names them there', async () => {
  const from = await snapshotDir('chk-3', undefined);
  await writeFile(join(from, 'state-0-op'), 'keyed');
  const to = await snapshotDir('savepoint-moved', undefined);
  const moved = await moveStateFiles([{ vertexId: 'v', subtaskIndex: 0, finished: false, state: { path: join(from, 'state-0'), size: 5, sha256: 'x' }, keyedStateFiles: [{ path: join(from, 'state-0-op'), size: 5, sha256: 'y' }] }, { vertexId: 'v', subtaskIndex: 1, finished: true }], from, to);
  assert.deepEqual(moved.map((s) => [s.state?.path, s.keyedStateFiles?.[0]?.path]), [[join(to, 'state-0'), join(to, 'state-0-op')], [undefined, undefined]]);
  assert.deepEqual((await readdir(to)).sort(), ['state-0', 'state-0-op']);
  assert.deepEqual(await readdir(from), []);
});
