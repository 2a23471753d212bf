/** A keyed operator on the rocksdb backend: its database lives in the local directory until close, its checkpoint streams to a file, and its snapshot restores on either backend. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Packr } from 'msgpackr';
import { RichMapFunction, ValueStateDescriptor, type ValueState } from '../api/index.js';
import type { KeyedStateBackendSettings, KeyedStateFileRef, KeyedStateSnapshot } from '../state/index.js';
import { MapOperator } from './basic-operators.js';
import { KeyContextOperator, resolveKeyedStateFiles } from './key-context-operator.js';
import type { OperatorStateSnapshot } from './stream-operator.js';
import { info } from './test-operator-fixtures.js';

/** Counts the records of each key. */
class CountPerKey extends RichMapFunction<string, string> {
  private count!: ValueState<number>;
  open(): void {
    this.count = this.getRuntimeContext().getState(new ValueStateDescriptor('count', 0));
  }
  map(key: string): string {
    this.count.update(this.count.value()! + 1);
    return `${key}=${this.count.value()}`;
  }
}

const packr = new Packr({ mapsAsObjects: false, moreTypes: true });

async function run(settings: KeyedStateBackendSettings, keys: string[], restore?: OperatorStateSnapshot): Promise<{ out: string[]; snapshot: OperatorStateSnapshot; op: KeyContextOperator }> {
  const out: string[] = [];
  const op = new KeyContextOperator(new MapOperator(new CountPerKey(), { collect: (r) => out.push(r as string) }), (k) => k, settings);
  op.initializeState(restore);
  await op.open(info('Count'));
  for (const key of keys) op.processElement(key);
  return { out, snapshot: packr.unpack(packr.pack(op.snapshotState(1))) as OperatorStateSnapshot, op };
}

test('the rocksdb backend keeps a database in the local directory until close; its snapshot restores on either backend', async () => {
  const localDirectory = mkdtempSync(join(tmpdir(), 'sluice-key-context-'));
  try {
    const rocksdb: KeyedStateBackendSettings = { type: 'rocksdb', localDirectory };
    const first = await run(rocksdb, ['a', 'b', 'a']);
    assert.deepEqual(first.out, ['a=1', 'b=1', 'a=2']);
    assert.equal(readdirSync(localDirectory).length, 1, 'one database for the operator');
    await first.op.close();
    assert.deepEqual(readdirSync(localDirectory), [], 'closing deletes the database');

    const onHeap = await run({ type: 'hashmap', localDirectory: '' }, ['a', 'c'], first.snapshot);
    assert.deepEqual(onHeap.out, ['a=3', 'c=1'], 'a rocksdb snapshot restores on the heap');
    const back = await run(rocksdb, ['a', 'b', 'c'], onHeap.snapshot);
    assert.deepEqual(back.out, ['a=4', 'b=2', 'c=2'], 'a heap snapshot restores in rocksdb');
    await Promise.all([onHeap.op.close(), back.op.close()]);
  } finally {
    rmSync(localDirectory, { recursive: true, force: true });
  }
});

test('at a checkpoint the rocksdb backend streams its keyed state into a file beside the state file, named relative to it, so the directory may move', async () => {
  const localDirectory = mkdtempSync(join(tmpdir(), 'sluice-key-context-'));
  try {
    const first = await run({ type: 'rocksdb', localDirectory }, ['a', 'b', 'a']);
    const written: KeyedStateFileRef[] = [];
    const checkpointDir = join(localDirectory, 'chk-1');
    const snapshot = packr.unpack(packr.pack(first.op.snapshotState(2, { directory: checkpointDir, name: 'v-0-op', onWritten: (ref) => written.push(ref) }))) as OperatorStateSnapshot;
    await first.op.close();
    const keyedState = snapshot.keyedState as KeyedStateSnapshot;
    assert.deepEqual(keyedState.keyGroups, [], 'no key group inline');
    assert.deepEqual(keyedState.files, written);
    assert.equal(written[0]!.path, 'v-0-op');
    assert.equal(written[0]!.size, statSync(join(checkpointDir, 'v-0-op')).size);

    const moved = join(localDirectory, 'savepoint');
    renameSync(checkpointDir, moved);
    const onHeap = await run({ type: 'hashmap', localDirectory: '' }, ['a', 'b'], resolveKeyedStateFiles(snapshot, moved));
    assert.deepEqual(onHeap.out, ['a=3', 'b=2'], 'restored from the moved file, on the heap');
    await onHeap.op.close();
    assert.throws(() => resolveKeyedStateFiles({ keyedState: { ...keyedState, files: [{ ...written[0]!, path: '../v-0-op' }] } }, moved), { code: 'CHECKPOINT_CORRUPT' });
  } finally {
    rmSync(localDirectory, { recursive: true, force: true });
  }
});
