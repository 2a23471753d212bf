/** The retained checkpoints of a job, a snapshot it claimed (CLAIM mode), and shared files of incremental checkpoints, deleted once subsumed. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { StateHandle } from '../protocol/checkpoints.js';
import type { CheckpointMetadata } from './checkpoint-storage.js';
import { CompletedCheckpointStore, type CompletedCheckpoint } from './completed-checkpoint-store.js';

/** A checkpoint `id` of the job, its directory created under `dir`. */
function checkpoint(dir: string, id: number): CompletedCheckpoint {
  const location = join(dir, `chk-${id}`);
  mkdirSync(location);
  const metadata: CheckpointMetadata = { version: 2, jobId: 'j', checkpointId: id, timestamp: 0, type: 'CHECKPOINT', vertices: [], subtasks: [] };
  return { metadata, location };
}

test('a claimed snapshot counts as the oldest retained checkpoint: the job\'s own checkpoints subsume and delete it, and only they report a discard', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'checkpoint-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const claimed = join(dir, 'savepoint-claimed');
  mkdirSync(claimed);
  const discarded: number[] = [];
  const store = new CompletedCheckpointStore(2, (id) => discarded.push(id));
  store.claim(claimed);
  await store.add(checkpoint(dir, 1));
  assert.ok(existsSync(claimed), 'one checkpoint of its own and the claimed snapshot: two retained');
  await store.add(checkpoint(dir, 2));
  assert.ok(!existsSync(claimed), 'subsumed by the second');
  await store.add(checkpoint(dir, 3));
  assert.deepEqual([discarded, store.all().map((c) => c.metadata.checkpointId)], [[1], [3, 2]]);
});

test('a claimed snapshot not yet subsumed outlives the job\'s end (only subsumption deletes it); an unclaimed one is never touched', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'checkpoint-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const claimed = join(dir, 'claimed');
  const user = join(dir, 'unclaimed');
  for (const d of [claimed, user]) mkdirSync(d);
  const claiming = new CompletedCheckpointStore(2, () => undefined);
  claiming.claim(claimed);
  await claiming.add(checkpoint(dir, 1));
  await claiming.discardAll();
  assert.ok(existsSync(claimed));
  const plain = new CompletedCheckpointStore(1, () => undefined);
  for (const id of [2, 3]) await plain.add(checkpoint(dir, id));
  assert.ok(existsSync(user));
});

test('shared files of incremental checkpoints are deleted once no retained checkpoint names them (one checkpoint later), and all at the job\'s end', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'checkpoint-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const shared = join(dir, 'shared');
  mkdirSync(shared);
  const file = (name: string): StateHandle => {
    writeFileSync(join(shared, name), name);
    return { path: join(shared, name), size: name.length, sha256: 'x' };
  };
  const naming = (id: number, ...files: StateHandle[]): CompletedCheckpoint => {
    const c = checkpoint(dir, id);
    c.metadata.subtasks = [{ vertexId: 'v', subtaskIndex: 0, finished: false, keyedStateFiles: files }];
    return c;
  };
  const [base, d2, d3, base4, d5] = ['base', 'd2', 'd3', 'base4', 'd5'].map(file) as [StateHandle, StateHandle, StateHandle, StateHandle, StateHandle];
  const store = new CompletedCheckpointStore(1, () => undefined);
  await store.add(naming(1, base));
  await store.add(naming(2, base, d2));
  await store.add(naming(3, base, d3)); // checkpoint 2 subsumed: d2 is unreferenced, deleted one checkpoint later
  assert.ok(existsSync(d2.path));
  await store.add(naming(4, base4)); // checkpoint 3 subsumed: base and d3 unreferenced
  assert.ok(!existsSync(d2.path));
  assert.ok(existsSync(base.path) && existsSync(d3.path));
  await store.add(naming(5, base, d5)); // a task still on checkpoint 3's chain names base again: it stays
  assert.ok(existsSync(base.path), 'named again before it was deleted');
  assert.ok(!existsSync(d3.path));
  assert.ok(existsSync(base4.path), 'deleted only one checkpoint later');
  assert.ok(store.sharedState.tracks(base.path) && store.sharedState.tracks(base4.path), 'named, or awaiting deletion');
  assert.ok(!store.sharedState.tracks(d3.path));
  await store.discardAll();
  assert.deepEqual(readdirSync(shared), []);
});
