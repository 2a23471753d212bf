/** Keyed state files: bounded frames per key group, reading a key-group range, damage detected, names kept inside their directory. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyedStateFileWriter, readKeyedStateFile, resolveKeyedStateFile, type KeyedStateFileRef } from './keyed-state-file.js';

const directory = mkdtempSync(join(tmpdir(), 'sluice-keyed-state-file-'));
after(() => rmSync(directory, { recursive: true, force: true }));

/** Writes `perGroup` entries of states 'a' and 'b' into each of key groups 0..2; returns the resolved reference. */
function writeFile(name: string, perGroup: number): KeyedStateFileRef {
  const writer = new KeyedStateFileWriter({ directory, name });
  for (let keyGroup = 0; keyGroup < 3; keyGroup++) {
    for (const state of ['a', 'b']) for (let i = 0; i < perGroup; i++) writer.add(keyGroup, state, `k${keyGroup}-${i}`, { n: i, state }, 8);
  }
  const ref = writer.finish();
  assert.equal(ref.path, name, 'named relative to its directory');
  return resolveKeyedStateFile(ref, directory);
}

test('a key group larger than a frame is split into several frames that read back in order', () => {
  const ref = writeFile('large', 5000);
  const chunks = [...readKeyedStateFile(ref, { start: 0, end: 2 })];
  assert.ok(chunks.length > 3, `several frames per key group (${chunks.length})`);
  for (const [, states] of chunks) assert.ok(states.reduce((n, [, entries]) => n + entries.length, 0) <= 4096, 'a frame holds at most 4096 entries');
  const group1 = chunks.filter(([g]) => g === 1).flatMap(([, states]) => states.flatMap(([name, entries]) => entries.map(([key, value]) => [name, key, value])));
  assert.equal(group1.length, 10_000);
  assert.deepEqual(group1[0], ['a', 'k1-0', { n: 0, state: 'a' }]);
  assert.deepEqual(group1[9999], ['b', 'k1-4999', { n: 4999, state: 'b' }]);
});

test('a reader of a key-group range gets only those key groups', () => {
  const ref = writeFile('range', 3);
  assert.deepEqual([...readKeyedStateFile(ref, { start: 1, end: 1 })].map(([g, states]) => [g, states.map(([name, entries]) => [name, entries.length])]), [[1, [['a', 3], ['b', 3]]]]);
  assert.deepEqual([...readKeyedStateFile(ref, { start: 5, end: 9 })], []);
});

test('a damaged, truncated or missing file is CHECKPOINT_CORRUPT naming it', () => {
  const ref = writeFile('damaged', 3);
  const bytes = readFileSync(ref.path);
  bytes[bytes.length - 2] ^= 0xff;
  writeFileSync(ref.path, bytes);
  assert.throws(() => [...readKeyedStateFile(ref, { start: 0, end: 2 })], { code: 'CHECKPOINT_CORRUPT', message: /keyed state file .*damaged/ });
  writeFileSync(ref.path, bytes.subarray(0, 20));
  assert.throws(() => [...readKeyedStateFile(ref, { start: 0, end: 2 })], { code: 'CHECKPOINT_CORRUPT', message: /has 20 bytes, the checkpoint recorded/ });
  assert.throws(() => [...readKeyedStateFile({ ...ref, path: join(directory, 'missing') }, { start: 0, end: 2 })], { code: 'CHECKPOINT_CORRUPT', message: /missing/ });
});

test('a reference must name a file in the state file\'s own directory, or in the shared one beside it', () => {
  for (const path of ['../elsewhere', '/etc/passwd', 'sub/file', '', '../shared/sub/file', '../../shared/file']) {
    assert.throws(() => resolveKeyedStateFile({ path, size: 0, sha256: '' }, directory), { code: 'CHECKPOINT_CORRUPT', message: /outside its directory/ }, path);
  }
  assert.equal(resolveKeyedStateFile({ path: '../shared/v-0-o-3', size: 0, sha256: '' }, directory).path, join(directory, '..', 'shared', 'v-0-o-3'));
});
