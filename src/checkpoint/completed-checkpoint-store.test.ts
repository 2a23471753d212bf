/** The retained checkpoints of a job, and a snapshot it claimed (CLAIM mode), deleted once subsumed. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
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
