/** Snapshots of keyed state, keyed timers and operator state: key-group structure, msgpack round trip, restore. */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Packr, Unpackr } from 'msgpackr';
import { assignToKeyGroup } from '../common/key-groups.js';
import type { AbstractKeyedStateBackend } from './abstract-keyed-state-backend.js';
import { decodeCompositeKey, encodeCompositeKey } from './key-encoding.js';
import { keyGroupRangeForSubtask } from '../common/key-group-range.js';
import type { KeyedStateSnapshot } from './keyed-state-snapshot.js';
import { KeyedTimerQueue } from './keyed-timer-queue.js';
import { hasUnionListState, OperatorStateBackend, unionListStates, type OperatorStateBackendSnapshot } from './operator-state-backend.js';
import { disposeAll, KEYED_BACKENDS } from './test-keyed-backends.js';

after(disposeAll);

const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false });
/** What a state file gives back: the snapshot through msgpack. */
const roundTrip = <T>(value: T): T => unpackr.unpack(packr.pack(value)) as T;

const MAX_PARALLELISM = 128;
const ALL_KEY_GROUPS = { start: 0, end: MAX_PARALLELISM - 1 };
const KEYS: unknown[] = ['a', 'b', 7, 2.5, true, 12n, ['a', 1], ['a', '1'], { x: 1, y: [2, 'z'] }, new Date(5), [null, undefined]];

test('composite keys decode to equal keys of the same key group', () => {
  const keys: unknown[] = [['a', 1], [['n'], { b: 2, a: 'x' }], JSON.parse('{"__proto__": [1], "s": "s5:x"}'), [new Date(7), 3n, NaN, -Infinity, true, false, null, undefined], [''], {}];
  for (const key of keys) {
    const decoded = decodeCompositeKey(encodeCompositeKey(key as object));
    assert.equal(encodeCompositeKey(decoded as object), encodeCompositeKey(key as object));
    assert.equal(assignToKeyGroup(decoded, MAX_PARALLELISM), assignToKeyGroup(key, MAX_PARALLELISM));
  }
  assert.deepEqual(decodeCompositeKey(encodeCompositeKey(['a', 1, { b: [2] }])), ['a', 1, { b: [2] }]);
  assert.throws(() => decodeCompositeKey('x'), /Not an encoded key/);
});

/** One value of each kind of state for every key of KEYS. */
function fill(backend: AbstractKeyedStateBackend): void {
  const value = backend.getValueState<string>('value', undefined);
  const list = backend.getListState<number>('list');
  const map = backend.getMapState<unknown, string>('map');
  const sum = backend.getReducingState<number>('sum', (a, b) => a + b);
  KEYS.forEach((key, i) => {
    backend.setCurrentKey(key);
    value.update(`v${i}`);
    list.addAll([i, i + 1]);
    map.put(['user', i], `m${i}`);
    map.put(`k${i}`, `n${i}`);
    sum.add(i);
    sum.add(10);
  });
}

/** What a backend holds for KEYS, read through freshly asked-for states. */
function read(backend: AbstractKeyedStateBackend): unknown[] {
  const value = backend.getValueState<string>('value', 'none');
  const list = backend.getListState<number>('list');
  const map = backend.getMapState<unknown, string>('map');
  const sum = backend.getReducingState<number>('sum', (a, b) => a + b);
  return KEYS.map((key, i) => {
    backend.setCurrentKey(structuredClone(key));
    return [value.value(), [...list.get()], map.get(['user', i]), map.get(`k${i}`), [...map.keys()], sum.get()];
  });
}

for (const [type, create] of KEYED_BACKENDS) {
  describe(`state.backend.type: ${type}`, () => {
    const allKeyGroups = () => create(MAX_PARALLELISM, ALL_KEY_GROUPS);

    test('a keyed backend snapshot files every entry under its key group and restores into a fresh backend', async () => {
      const backend = await allKeyGroups();
      fill(backend);
      const snapshot = backend.snapshot();
      const before = read(backend);
      const restored = await allKeyGroups();
      restored.restore(roundTrip(snapshot));
      assert.deepEqual(read(restored), before);
      assert.deepEqual(snapshot.states, [['value', 'ValueState'], ['list', 'ListState'], ['map', 'MapState'], ['sum', 'ReducingState']]);
      const groups = snapshot.keyGroups.map(([keyGroup]) => keyGroup);
      assert.deepEqual(groups, [...groups].sort((a, b) => a - b), 'key groups ascend');
      let entries = 0;
      for (const [keyGroup, states] of snapshot.keyGroups) {
        for (const [, stateEntries] of states) {
          for (const [key] of stateEntries) assert.equal(assignToKeyGroup(key, MAX_PARALLELISM), keyGroup, `key ${String(key)} is under its key group`);
          entries += stateEntries.length;
        }
      }
      assert.equal(entries, KEYS.length * 4);
    });

    test('a snapshot keeps the state as it was: later changes do not reach it', async () => {
      const backend = await allKeyGroups();
      fill(backend);
      const snapshot = backend.snapshot();
      const before = read(backend);
      const list = backend.getListState<number>('list');
      const map = backend.getMapState<unknown, string>('map');
      for (const key of KEYS) {
        backend.setCurrentKey(key);
        list.add(99);
        map.put('later', 'x');
      }
      const restored = await allKeyGroups();
      restored.restore(roundTrip(snapshot));
      assert.deepEqual(read(restored), before);
    });

    test('a state restored before its function asks for it keeps its kind and is snapshotted again', async () => {
      const backend = await allKeyGroups();
      fill(backend);
      const restored = await allKeyGroups();
      restored.restore(roundTrip(backend.snapshot()));
      assert.throws(() => restored.getListState('value'), { code: 'INVALID_STATE_ACCESS', message: /'value' is a ValueState/ });
      assert.deepEqual(roundTrip(restored.snapshot()), roundTrip(backend.snapshot()));
    });

    test('a backend restores only the key groups it owns (the others belong to another subtask)', async () => {
      const full = await allKeyGroups();
      fill(full);
      const snapshot: KeyedStateSnapshot = roundTrip(full.snapshot());
      const range = keyGroupRangeForSubtask(MAX_PARALLELISM, 2, 1);
      const half = await create(MAX_PARALLELISM, range);
      half.restore(snapshot);
      const kept = half.snapshot().keyGroups.map(([keyGroup]) => keyGroup);
      assert.deepEqual(kept, snapshot.keyGroups.map(([keyGroup]) => keyGroup).filter((g) => g >= range.start && g <= range.end));
      assert.ok(kept.length > 0);
    });

    test('keyed timers snapshot per key group and fire after a restore as they would have', async () => {
      const backend = await allKeyGroups();
      const queue = new KeyedTimerQueue(backend);
      const timers: [unknown, number][] = [['a', 30], [['t', 1], 10], ['b', 10], [{ k: 1 }, 20], ['a', 5], [3, 30]];
      for (const [key, time] of timers) {
        backend.setCurrentKey(key);
        queue.add(time);
      }
      const snapshot = queue.snapshot();
      for (const [keyGroup, inGroup] of snapshot) for (const [, key] of inGroup) assert.equal(assignToKeyGroup(key, MAX_PARALLELISM), keyGroup);
      const drain = (b: AbstractKeyedStateBackend, q: KeyedTimerQueue): [unknown, number][] => {
        const fired: [unknown, number][] = [];
        for (let t = q.pollDue(100); t; t = q.pollDue(100)) fired.push([b.getCurrentKey(), t.timestamp]);
        return fired;
      };
      const restoredBackend = await allKeyGroups();
      const restored = new KeyedTimerQueue(restoredBackend);
      restored.restore(roundTrip(snapshot));
      const expected = drain(backend, queue);
      const fired = drain(restoredBackend, restored);
      assert.deepEqual(fired.map(([, t]) => t), expected.map(([, t]) => t));
      assert.deepEqual(new Set(fired.map((f) => JSON.stringify(f))), new Set(expected.map((f) => JSON.stringify(f))));
      restoredBackend.setCurrentKey('a');
      assert.equal(restored.add(5), true, 'a fired timer is gone from its key');
    });
  });
}

for (const [from, createFrom] of KEYED_BACKENDS) {
  for (const [to, createTo] of KEYED_BACKENDS) {
    test(`a snapshot of a ${from} backend restores into a ${to} backend, also at another parallelism`, async () => {
      const source = await createFrom(MAX_PARALLELISM, ALL_KEY_GROUPS);
      fill(source);
      const snapshot: KeyedStateSnapshot = roundTrip(source.snapshot());
      const restored = await createTo(MAX_PARALLELISM, ALL_KEY_GROUPS);
      restored.restore(snapshot);
      assert.deepEqual(read(restored), read(source));
      const halves = await Promise.all([0, 1].map((i) => createTo(MAX_PARALLELISM, keyGroupRangeForSubtask(MAX_PARALLELISM, 2, i))));
      for (const half of halves) half.restore(snapshot);
      const owner = (key: unknown): AbstractKeyedStateBackend => halves.find((half) => half.ownsKeyGroup(assignToKeyGroup(key, MAX_PARALLELISM)))!;
      const value = (backend: AbstractKeyedStateBackend, key: unknown): unknown => (backend.setCurrentKey(key), backend.getValueState('value', undefined).value());
      assert.deepEqual(KEYS.map((key) => value(owner(key), key)), KEYS.map((key) => value(source, key)));
    });
  }
}

test('operator list states restore with their mode; a name holds one mode', () => {
  const backend = new OperatorStateBackend();
  backend.getListState<number>('offsets', 'SPLIT_DISTRIBUTE').addAll([1, 2]);
  backend.getListState<string>('all', 'UNION').add('x');
  backend.getListState<string>('empty', 'SPLIT_DISTRIBUTE');
  const snapshot = backend.snapshot();
  backend.getListState<number>('offsets', 'SPLIT_DISTRIBUTE').add(3);
  const restored = new OperatorStateBackend(roundTrip(snapshot));
  assert.deepEqual([...restored.getListState('offsets', 'SPLIT_DISTRIBUTE').get()], [1, 2], 'the snapshot is a copy');
  assert.deepEqual([...restored.getListState('all', 'UNION').get()], ['x']);
  assert.throws(() => restored.getListState('all', 'SPLIT_DISTRIBUTE'), { code: 'INVALID_STATE_ACCESS', message: /'all' is a union list state/ });
  assert.deepEqual(restored.snapshot(), [['offsets', 'SPLIT_DISTRIBUTE', [1, 2]], ['all', 'UNION', ['x']], ['empty', 'SPLIT_DISTRIBUTE', []]]);
  assert.throws(() => restored.getListState('offsets', 'SPLIT_DISTRIBUTE').add(null), { code: 'INVALID_STATE_ACCESS' });
});

test('a subtask restores each union list with every subtask\'s elements in subtask order, and its split lists as it wrote them', () => {
  const subtask = (i: number, extra: OperatorStateBackendSnapshot = []): OperatorStateBackendSnapshot =>
    [['offsets', 'SPLIT_DISTRIBUTE', [`p${i}`]], ['all', 'UNION', [`a${i}`, `b${i}`]], ['none', 'UNION', []], ...extra];
  const all = [subtask(0), undefined, subtask(2, [['late', 'UNION', ['l2']]])];
  assert.deepEqual(unionListStates(subtask(2), all), [
    ['offsets', 'SPLIT_DISTRIBUTE', ['p2']],
    ['all', 'UNION', ['a0', 'b0', 'a2', 'b2']],
    ['none', 'UNION', []],
    ['late', 'UNION', ['l2']],
  ], 'a union list only another subtask wrote is added, as in Flink');
  assert.deepEqual(all[0], subtask(0), 'the inputs are left as they were');
  const restored = new OperatorStateBackend(unionListStates(subtask(0), all));
  restored.getListState<string>('all', 'UNION').add('c0');
  assert.deepEqual([...new OperatorStateBackend(unionListStates(subtask(0), all)).getListState('all', 'UNION').get()], ['a0', 'b0', 'a2', 'b2'], 'each merge is a fresh list');
  assert.deepEqual([hasUnionListState(subtask(0)), hasUnionListState([['offsets', 'SPLIT_DISTRIBUTE', [1]]]), hasUnionListState([])], [true, false, false]);
});
