/** A subtask's checkpoint: where an incremental backend may write (shared directory or not), and the bytes each checkpoint wrote. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventType, SnapshotKind } from '../network/index.js';
import type { SubtaskCheckpointAck } from '../protocol/checkpoints.js';
import type { KeyedStateFileRef } from '../state/index.js';
import type { SnapshotFileTarget, StreamOperator } from './stream-operator.js';
import { SubtaskCheckpointCoordinator } from './subtask-checkpoint-coordinator.js';

test('checkpoints offer the job\'s shared directory (FULL ones asking for a new base), savepoints do not; checkpointed size leaves out shared files named before', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-subtask-ckpt-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const targets: (SnapshotFileTarget['shared'] | undefined)[] = [];
  // What an incremental backend names: its base, then the base and a delta of the checkpoint.
  const chains: Record<number, KeyedStateFileRef[]> = {
    1: [{ path: '../shared/base', size: 1000, sha256: 'x' }],
    2: [{ path: '../shared/base', size: 1000, sha256: 'x' }, { path: '../shared/delta-2', size: 10, sha256: 'x' }],
    3: [{ path: 'own', size: 1000, sha256: 'x' }],
    4: [{ path: '../shared/base-4', size: 1000, sha256: 'x' }],
  };
  const op = {
    snapshotState(checkpointId: number, files?: SnapshotFileTarget) {
      targets.push(files?.shared);
      for (const ref of chains[checkpointId]!) files!.onWritten(ref);
      return { operator: checkpointId };
    },
  } as unknown as StreamOperator;
  const acks: SubtaskCheckpointAck[] = [];
  const coordinator = new SubtaskCheckpointCoordinator({
    jobId: 'j', vertexId: 'v', subtaskIndex: 0, taskName: 'keyed (1/1)', operators: [{ operatorId: 'o', op }],
    sourcePosition: () => undefined, broadcastBarrier: () => undefined, checkpointDirectory: dir,
    responder: { acknowledge: (a) => void acks.push(a), decline: (d) => assert.fail(d.reason.message) },
  });
  const alignment = { startDelayMs: 0, alignmentDurationMs: 0, processedData: 0 };
  const kinds = [SnapshotKind.CHECKPOINT, SnapshotKind.CHECKPOINT, SnapshotKind.SAVEPOINT, SnapshotKind.FULL_CHECKPOINT];
  for (const [i, kind] of kinds.entries()) coordinator.checkpoint({ type: EventType.CHECKPOINT_BARRIER, checkpointId: i + 1, timestamp: Date.now(), kind }, alignment);
  await coordinator.waitForPendingCheckpoints();
  acks.sort((a, b) => a.checkpointId - b.checkpointId); // their state files are written concurrently
  const shared = join(dir, 'j', 'shared');
  assert.deepEqual(targets, [{ directory: shared, checkpointId: 1 }, { directory: shared, checkpointId: 2 }, undefined, { directory: shared, checkpointId: 4, full: true }]);
  assert.deepEqual(acks[1]!.keyedStateFiles!.map((f) => f.path), [join(shared, 'base'), join(shared, 'delta-2')]);
  const written = acks.map((a) => a.metrics.checkpointedSize! - a.state!.size);
  const whole = acks.map((a) => a.metrics.stateSize - a.state!.size);
  assert.deepEqual(whole, [1000, 1010, 1000, 1000]);
  assert.deepEqual(written, [1000, 10, 1000, 1000], 'checkpoint 2 wrote its delta only; the others wrote all they name');
});
