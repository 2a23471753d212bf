/** What each subtask of a restarted job restores from a checkpoint's metadata. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckpointMetadata } from '../checkpoint/checkpoint-storage.js';
import { restoredSubtasks } from './deployment-descriptors.js';

const handle = (name: string) => ({ path: `/chk-3/${name}`, size: 1, sha256: name });

test('each subtask restores its own entry; one with state also gets the state files of its whole vertex in subtask order', () => {
  const metadata: CheckpointMetadata = {
    version: 2, jobId: 'j', checkpointId: 3, timestamp: 0, type: 'CHECKPOINT', vertices: [],
    subtasks: [
      { vertexId: 'b', subtaskIndex: 2, finished: false, state: handle('b-2') },
      { vertexId: 'a', subtaskIndex: 0, finished: true },
      { vertexId: 'b', subtaskIndex: 0, finished: false, state: handle('b-0') },
      { vertexId: 'b', subtaskIndex: 1, finished: false },
    ],
  };
  const restore = restoredSubtasks(metadata);
  assert.deepEqual(restore('b', 2), { checkpointId: 3, finished: false, state: handle('b-2'), vertexStates: [handle('b-0'), handle('b-2')] });
  assert.deepEqual(restore('b', 1), { checkpointId: 3, finished: false }, 'without state of its own, a subtask reads no file');
  assert.deepEqual(restore('a', 0), { checkpointId: 3, finished: true });
  assert.deepEqual(restore('c', 0), { checkpointId: 3, finished: false }, 'a vertex the checkpoint does not know starts empty');
});
