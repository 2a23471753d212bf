/** A keyed operator on the rocksdb backend: its database lives in the local directory until close, its checkpoint streams to a file, and its snapshot restores on either backend. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Packr } from 'msgpackr';
import { ListStateDescriptor, RichMapFunction, ValueStateDescriptor, type ValueState } from '../api/index.js';
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

async function run(settings: KeyedStateBackendSettings, keys: unknown[], restore?: OperatorStateSnapshot): Promise<{ out: string[]; snapshot: OperatorStateSnapshot; op: KeyContextOperator }> {
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

/** Counts per key as CountPerKey does, keyed by `keyOf`, restored from `restore`; returns the operator opened. */
async function openCounting(keyOf: (record: unknown) => unknown, restore?: OperatorStateSnapshot): Promise<{ op: KeyContextOperator; out: string[] }> {
  const out: string[] = [];
  const op = new KeyContextOperator(new MapOperator(new CountPerKey(), { collect: (r) => out.push(r as string) }), keyOf);
  op.initializeState(restore);
  await op.open(info('Count'));
  return { op, out };
}

test('restored state keyed by another key type is SNAPSHOT_NOT_RESTORABLE naming the state and operator (numbers then strings, tuples then scalars); the same type restores', async () => {
  const heap: KeyedStateBackendSettings = { type: 'hashmap', localDirectory: '' };
  const byNumber = await run(heap, [1, 2]);
  const strings = await openCounting((r) => String(r), byNumber.snapshot);
  assert.throws(() => strings.op.processElement(1), {
    code: 'SNAPSHOT_NOT_RESTORABLE',
    message: /^Count \(1\/1\) was restored from a snapshot whose state 'count' is keyed by number keys, but its key selector now returns a string key \(1\)\. The new key type must be compatible/,
  });
  const numbers = await openCounting((r) => r, byNumber.snapshot);
  numbers.op.processElement(1);
  numbers.op.processElement('x');
  assert.deepEqual(numbers.out, ['1=2', 'x=1'], 'the same type restores; only the first key is checked');

  const tuples = await openCounting((r) => [r, 0]);
  tuples.op.processElement('a');
  const scalars = await openCounting((r) => r, packr.unpack(packr.pack(tuples.op.snapshotState(1))) as OperatorStateSnapshot);
  assert.throws(() => scalars.op.processElement('a'), { code: 'SNAPSHOT_NOT_RESTORABLE', message: /state 'count' is keyed by tuple keys, but its key selector now returns a string key \(a\)/ });
  await Promise.all([byNumber.op, strings.op, numbers.op, tuples.op, scalars.op].map((op) => op.close()));
});

/** Keeps a list under the name CountPerKey keeps its ValueState. */
class ListNamedCount extends RichMapFunction<string, string> {
  open(): void {
    this.getRuntimeContext().getListState(new ListStateDescriptor<number>('count'));
  }
  map(key: string): string {
    return key;
  }
}

test('restored state asked for as another kind fails the operator\'s open, saying it was restored from a snapshot', async () => {
  const first = await run({ type: 'hashmap', localDirectory: '' }, ['a']);
  const op = new KeyContextOperator(new MapOperator(new ListNamedCount(), { collect: () => undefined }), (k) => k);
  op.initializeState(first.snapshot);
  await assert.rejects(op.open(info('Count')), { message: /^Count \(1\/1\) failed: State 'count' was restored from a snapshot as a ValueState and cannot be used as a ListState\.$/ });
  await Promise.all([first.op.close(), op.close()]);
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
    const byTuple = await openCounting((r) => [r], resolveKeyedStateFiles(snapshot, moved));
    assert.throws(() => byTuple.op.processElement('a'), { code: 'SNAPSHOT_NOT_RESTORABLE', message: /state 'count' is keyed by string keys, but its key selector now returns a tuple key/ }, 'the key type is checked against the keys of the streamed file too');
    await byTuple.op.close();
    assert.throws(() => resolveKeyedStateFiles({ keyedState: { ...keyedState, files: [{ ...written[0]!, path: '../v-0-op' }] } }, moved), { code: 'CHECKPOINT_CORRUPT' });
  } finally {
    rmSync(localDirectory, { recursive: true, force: true });
  }
});
