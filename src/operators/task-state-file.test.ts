/**
 * What a subtask restores from its TaskRestore: state gathered from the files of several snapshot
 * vertices (a job whose chaining changed), and after a rescale its key groups of the old files,
 * its part of list state and sink state, and the source splits it took over.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { keyGroupRangeForSubtask } from '../common/key-group-range.js';
import { assignToKeyGroup } from '../common/key-groups.js';
import type { StateHandle, TaskRestore } from '../protocol/checkpoints.js';
import { forEachSnapshotEntry, KeyTable, type KeyTableSnapshot } from './key-table.js';
import type { OperatorStateSnapshot } from './operator-state-snapshot.js';
import { encodeTaskState, readRestoredTaskState, writeTaskStateFile, type TaskStateSnapshot } from './task-state-file.js';

const MAX = 128;
const ALL = { start: 0, end: MAX - 1 };

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'task-state-file-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('operators\' snapshots come from every part; the source position only from the part that held the head operator', async (t) => {
  const dir = await tempDir(t);
  const x = await writeTaskStateFile(join(dir, 'x-0'), encodeTaskState({ version: 1, operators: { b: { functionState: [] } }, sourcePosition: 5 }));
  const y = await writeTaskStateFile(join(dir, 'y-0'), encodeTaskState({ version: 1, operators: { c: { keyGroups: [1] } }, sourcePosition: [{ index: 0, parallelism: 1, position: 7 }] }));
  const part = (state: StateHandle, holdsHead: boolean) => ({ states: [state], vertexStates: [state], holdsHead });
  const restore = (...states: ReturnType<typeof part>[]): TaskRestore => ({ checkpointId: 1, keyGroups: ALL, finished: false, states });
  assert.deepEqual(await readRestoredTaskState(restore(part(x, false), part(y, true)), 0, 1), {
    operators: { b: { functionState: [] }, c: { keyGroups: [1] } }, sourceSplits: [{ index: 0, parallelism: 1, position: 7 }],
  });
  assert.deepEqual(await readRestoredTaskState(restore(part(x, true)), 0, 1), { operators: { b: { functionState: [] } }, sourceSplits: [{ index: 0, parallelism: 1, position: 5 }] }, 'a number is the own share\'s position (before splits)');
  assert.deepEqual(await readRestoredTaskState(restore(part(x, false)), 0, 1), { operators: { b: { functionState: [] } } });
  assert.equal(await readRestoredTaskState(restore(), 0, 1), undefined);
});

/** Two old subtasks (p2) of a keyed vertex: per key `k0..k199` a count in a KeyTable and in a keyed state backend, and a timer, of the subtask owning its key group. */
function keyedSnapshots(functionState: (i: number) => unknown[]): TaskStateSnapshot[] {
  const keys = Array.from({ length: 200 }, (_, k) => `k${k}`);
  return [0, 1].map((i) => {
    const range = keyGroupRangeForSubtask(MAX, 2, i);
    const own = keys.filter((k) => assignToKeyGroup(k, MAX) >= range.start && assignToKeyGroup(k, MAX) <= range.end);
    const table = new KeyTable<number>();
    for (const k of own) table.set(k, Number(k.slice(1)));
    const groups = [...new Set(own.map((k) => assignToKeyGroup(k, MAX)))].sort((a, b) => a - b);
    const byGroup = (g: number) => own.filter((k) => assignToKeyGroup(k, MAX) === g);
    const keyedState = { states: [['count', 'ValueState']], keyGroups: groups.map((g) => [g, [['count', byGroup(g).map((k) => [k, 1])]]]) };
    const timers = groups.map((g) => [g, byGroup(g).map((k) => [1000, k])]);
    const sum: OperatorStateSnapshot = { keyGroups: table.snapshot(MAX) };
    const process: OperatorStateSnapshot = { keyedState, operator: { timers, functionState: functionState(i) } };
    return { version: 1, operators: { sum, process } };
  });
}

async function writeAll(dir: string, snapshots: TaskStateSnapshot[]): Promise<StateHandle[]> {
  return Promise.all(snapshots.map((s, i) => writeTaskStateFile(join(dir, `v-${i}`), encodeTaskState(s))));
}

/** What new subtask `i` of `p` restores from `files` (all of one old vertex) with the files the JobMaster picks first. */
function rescaled(files: (StateHandle | null)[], i: number, p: number, first: number[]): ReturnType<typeof readRestoredTaskState> {
  return readRestoredTaskState({ checkpointId: 1, keyGroups: keyGroupRangeForSubtask(MAX, p, i), finished: false, states: [{ states: first.map((k) => files[k]!), vertexStates: files, holdsHead: true }] }, i, p);
}

test('after a rescale, keyed state, KeyTables and timers keep exactly the key groups of the new subtask', async (t) => {
  const dir = await tempDir(t);
  const files = await writeAll(dir, keyedSnapshots(() => []));
  const owners = new Map<string, number>();
  for (const [p, firsts] of [[3, [[0], [0, 1], [1]]], [1, [[0, 1]]]] as const) {
    for (let i = 0; i < p; i++) {
      const range = keyGroupRangeForSubtask(MAX, p, i);
      const { operators } = (await rescaled(files, i, p, [...firsts[i]!]))!;
      const sumKeys: string[] = [];
      forEachSnapshotEntry(operators.sum!.keyGroups as KeyTableSnapshot, (g, k, v) => {
        assert.ok(g >= range.start && g <= range.end, `key group ${g} in ${JSON.stringify(range)}`);
        assert.equal(v, Number((k as string).slice(1)));
        sumKeys.push(k as string);
      });
      const process = operators.process!;
      const stateKeys = (process.keyedState as { keyGroups: [number, [string, [string, number][]][]][] }).keyGroups.flatMap(([, [[, entries]]]) => entries!.map(([k]) => k));
      const timerKeys = ((process.operator as { timers: [number, [number, string][]][] }).timers).flatMap(([, timers]) => timers.map(([, k]) => k));
      assert.deepEqual((process.keyedState as { states: unknown }).states, [['count', 'ValueState']]);
      assert.deepEqual([stateKeys.sort(), timerKeys.sort()], [sumKeys.slice().sort(), sumKeys.slice().sort()]);
      if (p === 3) for (const k of sumKeys) owners.set(k, (owners.get(k) ?? 0) + 1);
    }
  }
  assert.equal(owners.size, 200, 'p2 → p3: every key is restored');
  assert.ok([...owners.values()].every((n) => n === 1), 'by one subtask only');
});

test('after a rescale, list state is split evenly in old subtask order, union list state is whole in every subtask', async (t) => {
  const dir = await tempDir(t);
  const lists = (i: number) => [['mine', 'SPLIT_DISTRIBUTE', [`${i}a`, `${i}b`, `${i}c`]], ['everyone', 'UNION', [`u${i}`]]];
  const files = await writeAll(dir, keyedSnapshots(lists));
  const restoredLists = async (i: number, p: number, first: number[]) =>
    ((await rescaled(files, i, p, first))!.operators.process!.operator as { functionState: unknown }).functionState;
  assert.deepEqual(await restoredLists(0, 4, [0]), [['mine', 'SPLIT_DISTRIBUTE', ['0a']], ['everyone', 'UNION', ['u0', 'u1']]], 'the other file was read for the shared state');
  assert.deepEqual(await Promise.all([0, 1, 2, 3].map((i) => restoredLists(i, 4, [i < 2 ? 0 : 1]).then((l) => (l as [string, string, string[]][])[0]![2]))), [['0a'], ['0b', '0c'], ['1a'], ['1b', '1c']]);
  assert.deepEqual(await restoredLists(0, 1, [0, 1]), [['mine', 'SPLIT_DISTRIBUTE', ['0a', '0b', '0c', '1a', '1b', '1c']], ['everyone', 'UNION', ['u0', 'u1']]]);
});

test('after a rescale, only shared state makes a subtask read files outside its key groups', async (t) => {
  const dir = await tempDir(t);
  const [keyedOnly] = await writeAll(dir, keyedSnapshots(() => []));
  const gone: StateHandle = { path: join(dir, 'gone'), size: 1, sha256: '0' };
  assert.ok(await rescaled([keyedOnly!, gone], 0, 3, [0]), 'the missing file of old subtask 1 was never opened');
  const [withLists] = await writeAll(join(dir, 'lists'), keyedSnapshots(() => [['mine', 'SPLIT_DISTRIBUTE', []]]));
  await assert.rejects(rescaled([withLists!, gone], 0, 3, [0]), { code: 'CHECKPOINT_CORRUPT' });
});

test('after a rescale, each sink writer state and each committable goes to exactly one new subtask', async (t) => {
  const dir = await tempDir(t);
  const sink = (i: number) => ({ checkpointId: 4, writerState: [{ writer: i }], committables: [[3, [`c${i}-3`]], [4, [`c${i}-4a`, `c${i}-4b`]]] });
  const files = await writeAll(dir, [0, 1].map((i) => ({ version: 1 as const, operators: { sink: sink(i) } })));
  const got = await Promise.all([0, 1, 2].map(async (i) => (await rescaled(files, i, 3, [i === 0 ? 0 : i === 1 ? 0 : 1]))!.operators.sink));
  assert.deepEqual(got, [
    { checkpointId: 4, writerState: [], committables: [[4, ['c0-3', 'c0-4a']]] },
    { checkpointId: 4, writerState: [{ writer: 0 }], committables: [[4, ['c0-4b', 'c1-3']]] },
    { checkpointId: 4, writerState: [{ writer: 1 }], committables: [[4, ['c1-4a', 'c1-4b']]] },
  ]);
});

test('a rescaled source reads the splits of the old subtasks it took over, from their positions (from the start without one)', async (t) => {
  const dir = await tempDir(t);
  const files = await writeAll(dir, [
    { version: 1, operators: {}, sourcePosition: [{ index: 0, parallelism: 3, position: 9 }, { index: 1, parallelism: 6, position: 3 }] },
    { version: 1, operators: {}, sourcePosition: 40 },
  ]);
  const restore = (subtasks: number[], vertexStates: (StateHandle | null)[]): TaskRestore =>
    ({ checkpointId: 1, keyGroups: ALL, finished: false, source: { parallelism: 3, subtasks }, states: [{ states: [], vertexStates, holdsHead: true }] });
  assert.deepEqual((await readRestoredTaskState(restore([0, 1, 2], [files[0]!, files[1]!, null]), 0, 1))?.sourceSplits, [
    { index: 0, parallelism: 3, position: 9 }, { index: 1, parallelism: 6, position: 3 }, { index: 1, parallelism: 3, position: 40 }, { index: 2, parallelism: 3 },
  ]);
  assert.deepEqual((await readRestoredTaskState(restore([], [files[0]!, files[1]!, null]), 3, 4))?.sourceSplits, [], 'none: the source ends at once');
});
