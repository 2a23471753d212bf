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
  return { id, name: `vertex ${id}`, parallelism, maxParallelism, operators: operators.map((o, i) => ({ ...op(o), nodeId: i, kind: 'map' })), inputs: [] } as unknown as JobVertex;
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
  assert.deepEqual(assign('Y', 1), { checkpointId: 9, finished: false, states: [{ state: handle('y-1'), vertexStates: [handle('y-0'), handle('y-1')], holdsHead: true }] });
  assert.deepEqual(assign('X', 1).finished, true, 'its head operator had finished');
});

test('a job whose chaining changed gets each operator\'s state from the vertex that held it', () => {
  // b is now chained to c, a runs alone.
  const assign = assignSnapshotState(snapshot(), [jobVertex('A', ['a']), jobVertex('BC', ['b', 'c'])], false);
  assert.deepEqual(assign('A', 0).states.map((s) => [s.state.path, s.holdsHead]), [['/sp/x-0', true]]);
  assert.deepEqual(assign('BC', 0).states.map((s) => [s.state.path, s.holdsHead]), [['/sp/x-0', true], ['/sp/y-0', false]], 'b\'s state from x, which held its head operator b; c\'s from y');
  assert.equal(assign('BC', 1).finished, true);
  const fresh = assignSnapshotState(snapshot(), [jobVertex('A', ['a']), jobVertex('B', ['b']), jobVertex('C', ['c']), jobVertex('N', ['n'])], false);
  assert.deepEqual(fresh('N', 0), { checkpointId: 9, finished: false, states: [] }, 'a new operator starts empty');
});

test('state of an operator the job does not have is refused, naming it, unless allowNonRestoredState drops it', () => {
  const vertices = [jobVertex('X', ['a', 'b'])];
  assert.throws(() => assignSnapshotState(snapshot(), vertices, false), (err: { code: string; message: string }) =>
    err.code === ErrorCode.SNAPSHOT_NOT_RESTORABLE && /no operator for the state of operator 'op c' \(uid 'counter', operator id c{32}\)/.test(err.message));
  const assign = assignSnapshotState(snapshot(), vertices, true);
  assert.deepEqual(assign('X', 0).states.map((s) => s.state.path), ['/sp/x-0']);
  // A snapshot vertex without state files holds nothing to lose.
  const stateless = snapshot();
  stateless.subtasks = stateless.subtasks.filter((s) => s.vertexId === 'x');
  assert.doesNotThrow(() => assignSnapshotState(stateless, vertices, false));
});

test('another parallelism or max parallelism than in the snapshot is refused naming the vertex and both values', () => {
  assert.throws(() => assignSnapshotState(snapshot(), [jobVertex('X', ['a', 'b'], 3), jobVertex('Y', ['c'])], false),
    /'vertex X' runs with parallelism 3, but its operators' state was written with parallelism 2 \(in 'x'\)/);
  assert.throws(() => assignSnapshotState(snapshot(), [jobVertex('X', ['a', 'b']), jobVertex('Y', ['c'], 2, 64)], false),
    /the max parallelism of 'vertex Y' is 64, but its operators' state was written with max parallelism 128/);
});
