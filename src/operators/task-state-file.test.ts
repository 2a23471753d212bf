/** A subtask's restored state gathered from the files of several snapshot vertices (a job whose chaining changed). */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeTaskState, readRestoredTaskState, writeTaskStateFile } from './task-state-file.js';

test('operators\' snapshots come from every part; the source position only from the part that held the head operator', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'task-state-file-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const x = await writeTaskStateFile(join(dir, 'x-0'), encodeTaskState({ version: 1, operators: { b: { functionState: [] } }, sourcePosition: 'x position' }));
  const y = await writeTaskStateFile(join(dir, 'y-0'), encodeTaskState({ version: 1, operators: { c: { keyGroups: [1] } }, sourcePosition: 'y position' }));
  const part = (state: typeof x, holdsHead: boolean) => ({ state, vertexStates: [state], holdsHead });
  assert.deepEqual(await readRestoredTaskState({ checkpointId: 1, finished: false, states: [part(x, false), part(y, true)] }), {
    version: 1, operators: { b: { functionState: [] }, c: { keyGroups: [1] } }, sourcePosition: 'y position',
  });
  assert.deepEqual(await readRestoredTaskState({ checkpointId: 1, finished: false, states: [part(x, false)] }), { version: 1, operators: { b: { functionState: [] } } });
  assert.equal(await readRestoredTaskState({ checkpointId: 1, finished: false, states: [] }), undefined);
});
