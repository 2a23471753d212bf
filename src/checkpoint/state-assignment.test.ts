/** Which state files each subtask of a job restores from a snapshot, found by operator id. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '../common/errors.js';
import type { JobVertex } from '../protocol/job-graph.js';
import type { CheckpointMetadata, VertexMetadata } from './checkpoint-storage.js';
import { assignSnapshotState } from './state-assignment.js';

const handle = (name: string) => ({ path: `/sp/${name}`, size: 1, sha256: name });
const op = (id: string) => ({ operatorId: id.repeat(32), name: `op ${id}` });

function jobVertex(id: string, operators: string[], parallelism = 2, maxParallelism = 128): JobVertex {
  return { id, name: `vertex ${id}`, parallelism, maxParallelism, operators: operators.map((o, i) => ({ ...op(o), nodeId: i, kind: o === 'a' ? 'source' : 'map' })), inputs: [] } as unknown as JobVertex;
}

/** A snapshot of vertices `x` (source a, map b) and `y` (keyed c) at parallelism 2; both subtasks of each wrote a state file, but x-1 had finished. */
function snapshot(vertices: VertexMetadata[] = [
  { vertexId: 'x', name: 'x', parallelism: 2, maxParallelism: 128, operators: [op('a'), op('b')] },
  { vertexId: 'y', name: 'y', parallelism: 2, maxParallelism: 128, operators: [{ ...op('c'), uid: 'counter' }] },
]): CheckpointMetadata {
  return {
    version: 2, jobId: 'j', checkpointId: 9, timestamp: 0, type: 'SAVEPOINT', vertices,
    subtasks: ['x', 'y'].flatMap((v) => [0, 1].map((i) => ({ vertexId: v, subtaskIndex: i, finished: v === 'x' && i === 1, state: handle(`${v}-${i}`) }))),
  };
}

test('at the same chaining, each subtask gets its vertex\'s file of its index, with all files of that vertex', () => {
  const assign = assignSnapshotState(snapshot(), [jobVertex('X', ['a', 'b']), jobVertex('Y', ['c'])], false);
  assert.deepEqual(assign('Y', 1), { checkpointId: 9, keyGroups: { start: 64, end: 127 }, finished: false, states: [{ states: [handle('y-1')], vertexStates: [handle('y-0'), handle('y-1')], holdsHead: true }] });
  assert.deepEqual(assign('X', 1).finished, true, 'its head operator had finished');
});

test('a job whose chaining changed gets each operator\'s state from the vertex that held it', () => {
  // b is now chained to c, a runs alone.
  const assign = assignSnapshotState(snapshot(), [jobVertex('A', ['a']), jobVertex('BC', ['b', 'c'])], false);
  assert.deepEqual(assign('A', 0).states.map((s) => [s.states.map((h) => h.path), s.holdsHead]), [[['/sp/x-0'], true]]);
  assert.deepEqual(assign('BC', 0).states.map((s) => [s.states.map((h) => h.path), s.holdsHead]), [[['/sp/x-0'], true], [['/sp/y-0'], false]], 'b\'s state from x, which held its head operator b; c\'s from y');
  assert.equal(assign('BC', 1).finished, true);
  const fresh = assignSnapshotState(snapshot(), [jobVertex('A', ['a']), jobVertex('B', ['b']), jobVertex('C', ['c']), jobVertex('N', ['n'])], false);
  assert.deepEqual(fresh('N', 0), { checkpointId: 9, keyGroups: { start: 0, end: 63 }, finished: false, states: [] }, 'a new operator starts empty');
});

test('state of an operator the job does not have is refused, naming it, unless allowNonRestoredState drops it', () => {
  const vertices = [jobVertex('X', ['a', 'b'])];
  assert.throws(() => assignSnapshotState(snapshot(), vertices, false), (err: { code: string; message: string }) =>
    err.code === ErrorCode.SNAPSHOT_NOT_RESTORABLE && /no operator for the state of operator 'op c' \(uid 'counter', operator id c{32}\)/.test(err.message));
  const assign = assignSnapshotState(snapshot(), vertices, true);
  assert.deepEqual(assign('X', 0).states.map((s) => s.states.map((h) => h.path)), [['/sp/x-0']]);
  // A snapshot vertex without state files holds nothing to lose.
  const stateless = snapshot();
  stateless.subtasks = stateless.subtasks.filter((s) => s.vertexId === 'x');
  assert.doesNotThrow(() => assignSnapshotState(stateless, vertices, false));
});

test('another max parallelism than in the snapshot is refused naming the vertex and both values', () => {
  assert.throws(() => assignSnapshotState(snapshot(), [jobVertex('X', ['a', 'b']), jobVertex('Y', ['c'], 2, 64)], false), (err: { code: string; message: string }) =>
    err.code === ErrorCode.SNAPSHOT_NOT_RESTORABLE && /the max parallelism of 'vertex Y' is 64, but its operators' state was written with max parallelism 128 \(in 'y'\); .*run it with max parallelism 128/.test(err.message));
});

/** The files (by name) subtask i of `vertex` reads first, its key groups, and the vertex's files. */
const firstFiles = (assign: ReturnType<typeof assignSnapshotState>, vertex: string, parallelism: number) =>
  Array.from({ length: parallelism }, (_, i) => {
    const restore = assign(vertex, i);
    return [restore.keyGroups, restore.states.map((part) => part.states.map((h) => h.sha256))];
  });

test('p2 → p3: each new subtask reads the old files whose key groups overlap its own', () => {
  const assign = assignSnapshotState(snapshot(), [jobVertex('X', ['a', 'b']), jobVertex('Y', ['c'], 3)], false);
  assert.deepEqual(firstFiles(assign, 'Y', 3), [
    [{ start: 0, end: 42 }, [['y-0']]],
    [{ start: 43, end: 85 }, [['y-0', 'y-1']]],
    [{ start: 86, end: 127 }, [['y-1']]],
  ]);
  assert.deepEqual(assign('Y', 1).states[0]!.vertexStates, [handle('y-0'), handle('y-1')], 'every old file, by old subtask index');
  assert.equal(assign('Y', 1).source, undefined, 'not a source');
});

test('p3 → p1 reads every old file; p1 → p4 gives the one old file to every new subtask', () => {
  const threeWide = snapshot([{ vertexId: 'y', name: 'y', parallelism: 3, maxParallelism: 128, operators: [op('c')] }]);
  threeWide.subtasks = [0, 1, 2].map((i) => ({ vertexId: 'y', subtaskIndex: i, finished: false, state: handle(`y-${i}`) }));
  assert.deepEqual(firstFiles(assignSnapshotState(threeWide, [jobVertex('Y', ['c'], 1)], false), 'Y', 1), [[{ start: 0, end: 127 }, [['y-0', 'y-1', 'y-2']]]]);
  const single = snapshot([{ vertexId: 'y', name: 'y', parallelism: 1, maxParallelism: 128, operators: [op('c')] }]);
  single.subtasks = [{ vertexId: 'y', subtaskIndex: 0, finished: false, state: handle('y-0') }];
  assert.deepEqual(firstFiles(assignSnapshotState(single, [jobVertex('Y', ['c'], 4)], false), 'Y', 4).map(([, files]) => files), [[['y-0']], [['y-0']], [['y-0']], [['y-0']]]);
});

test('an old subtask without a state file is null among the vertex\'s files', () => {
  const partial = snapshot();
  partial.subtasks = partial.subtasks.filter((s) => !(s.vertexId === 'y' && s.subtaskIndex === 0));
  const assign = assignSnapshotState(partial, [jobVertex('X', ['a', 'b']), jobVertex('Y', ['c'], 3)], false);
  assert.deepEqual(assign('Y', 0).states, [{ states: [], vertexStates: [null, handle('y-1')], holdsHead: true }], 'the part stays: its shared state may be in the other files');
  assert.deepEqual(assignSnapshotState(partial, [jobVertex('X', ['a', 'b']), jobVertex('Y', ['c'])], false)('Y', 0).states, [], 'at the same parallelism, no own file: no part');
});

test('a rescaled source takes over the unfinished old subtasks round-robin; it is finished only when all old ones were', () => {
  const three = snapshot([{ vertexId: 'x', name: 'x', parallelism: 3, maxParallelism: 128, operators: [op('a'), op('b')] }]);
  three.subtasks = [0, 1, 2].map((i) => ({ vertexId: 'x', subtaskIndex: i, finished: i === 1, state: handle(`x-${i}`) }));
  const toTwo = assignSnapshotState(three, [jobVertex('X', ['a', 'b'], 2)], false);
  assert.deepEqual([0, 1].map((i) => [toTwo('X', i).source, toTwo('X', i).finished]), [[{ parallelism: 3, subtasks: [0] }, false], [{ parallelism: 3, subtasks: [2] }, false]]);
  const toFour = assignSnapshotState(three, [jobVertex('X', ['a', 'b'], 4)], false);
  assert.deepEqual([0, 1, 2, 3].map((i) => toFour('X', i).source?.subtasks), [[0], [2], [], []], 'a new subtask that gets none ends at once');
  for (const s of three.subtasks) s.finished = true;
  const done = assignSnapshotState(three, [jobVertex('X', ['a', 'b'], 2)], false);
  assert.deepEqual([0, 1].map((i) => [done('X', i).source, done('X', i).finished]), [[undefined, true], [undefined, true]]);
});
