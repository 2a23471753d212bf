import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyTable } from './key-table.js';
import { decodeStateColumn, encodeStateColumn } from './state-column.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTaskState, readTaskStateFile, writeTaskStateFile } from './task-state-file.js';

/** `state` written to a real state file and read back, as a checkpoint and a restore do. */
async function throughStateFile(state: Record<string, unknown>): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'state-column-'));
  try {
    const handle = await writeTaskStateFile(join(dir, 'v-0'), encodeTaskState({ version: 1, operators: { op: state } }));
    return (await readTaskStateFile(handle)).operators.op!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('state columns round-trip every shape, the common ones as byte arrays', async () => {
  const cases: [string, unknown[], 'strings' | 'numbers' | 'tuples' | 'values'][] = [
    ['ASCII strings', ['a', '', 'a much longer key than thirteen characters', 'b'], 'strings'],
    ['numbers, -0 and fractions', [1, -0, 2.5, 1e300, -7, NaN], 'numbers'],
    ['string and number tuples', [['a', 1], ['bb', 2.5], ['', -3]], 'tuples'],
    ['non-ASCII strings', ['日本語', 'a'], 'values'],
    ['mixed kinds', ['a', 1], 'values'],
    ['objects', [{ a: 1 }, new Map([[1, 2]])], 'values'],
    ['nothing', [], 'values'],
  ];
  for (const [name, values, form] of cases) {
    const column = encodeStateColumn(values);
    assert.ok(form in column, `${name} as ${form}`);
    assert.deepEqual(decodeStateColumn((await throughStateFile({ column })).column as never), values, name);
  }
});

test('a KeyTable snapshot restores through a state file, whatever its keys', async () => {
  const table = new KeyTable<unknown>();
  for (let i = 0; i < 5000; i++) table.set(`word-${i}`, [`word-${i}`, i]);
  table.set(42, 'number key');
  table.set(['tuple', 1], { object: true });
  const restored = new KeyTable<unknown>();
  restored.restore((await throughStateFile({ t: table.snapshot(128) })).t as never);
  for (let i = 0; i < 5000; i++) assert.deepEqual(restored.get(`word-${i}`), [`word-${i}`, i]);
  assert.equal(restored.get(42), 'number key');
  assert.deepEqual(restored.get(['tuple', 1]), { object: true });
});
