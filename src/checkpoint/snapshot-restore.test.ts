/** Reading the snapshot a job is set to start from, by its directory or its `_metadata` file. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ErrorCode } from '../common/errors.js';
import type { JobGraph } from '../protocol/job-graph.js';
import { METADATA_FILE_NAME, writeMetadata } from './checkpoint-storage.js';
import { checkSnapshotRestore, loadSnapshotRestore, takeSnapshotRestore } from './snapshot-restore.js';

const job = (config: Record<string, string>): Pick<JobGraph, 'config' | 'vertices'> => ({ config, vertices: [] });

test('a snapshot is found by its directory or its _metadata file (Flink 1.x and 2.x keys); none configured is a fresh start', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'snapshot-restore-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await writeMetadata(dir, { version: 2, jobId: 'j', checkpointId: 4, timestamp: 0, type: 'CHECKPOINT', vertices: [], subtasks: [] });
  for (const config of [{ 'execution.savepoint.path': dir }, { 'execution.state-recovery.path': join(dir, METADATA_FILE_NAME) }] as Record<string, string>[]) {
    const restore = await loadSnapshotRestore(job(config));
    assert.equal(restore?.location, dir);
    assert.equal(restore?.metadata.checkpointId, 4);
    assert.equal(restore?.claimed, false, 'NO_CLAIM by default');
  }
  assert.equal((await loadSnapshotRestore(job({ 'execution.savepoint.path': dir, 'execution.state-recovery.claim-mode': 'CLAIM' })))?.claimed, true);
  assert.equal(await loadSnapshotRestore(job({})), undefined);
});

test('a path that is missing, a plain file, or a directory without Sluice metadata is refused naming the path and the problem', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'snapshot-restore-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'notes.txt'), 'hello');
  const refused = (path: string, problem: RegExp) => assert.rejects(loadSnapshotRestore(job({ 'execution.savepoint.path': path })), (err: { code: string; message: string }) =>
    err.code === ErrorCode.SNAPSHOT_NOT_RESTORABLE && err.message.startsWith(`Cannot restore the job from snapshot '${path}': `) && problem.test(err.message));
  await refused(join(dir, 'gone'), /does not exist or cannot be read/);
  await refused(join(dir, 'notes.txt'), /neither a snapshot directory nor its _metadata file/);
  await refused(dir, /its metadata .*_metadata cannot be read/);
  writeFileSync(join(dir, METADATA_FILE_NAME), JSON.stringify({ version: 5, some: 'flink savepoint' }));
  await refused(dir, /not a Sluice checkpoint metadata file of version 2/);
});

test('a claim mode other than CLAIM and NO_CLAIM is a configuration error naming the key', async () => {
  await assert.rejects(loadSnapshotRestore(job({ 'execution.savepoint.path': '/x', 'execution.savepoint-restore-mode': 'LEGACY' })), (err: { code: string; message: string }) =>
    err.code === ErrorCode.INVALID_CONFIG && /execution.state-recovery.claim-mode|execution.savepoint-restore-mode/.test(err.message) && /NO_CLAIM, CLAIM/.test(err.message));
});

test('the snapshot the submission check read is taken by the job graph\'s JobMaster without reading it again, once; another job graph reads it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'snapshot-restore-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await writeMetadata(dir, { version: 2, jobId: 'j', checkpointId: 4, timestamp: 0, type: 'CHECKPOINT', vertices: [], subtasks: [] });
  const submitted = job({ 'execution.savepoint.path': dir });
  await checkSnapshotRestore(submitted as JobGraph);
  rmSync(join(dir, METADATA_FILE_NAME));
  assert.equal((await takeSnapshotRestore(submitted))?.metadata.checkpointId, 4, 'read at submission, not again');
  const again = /its metadata .*_metadata cannot be read/;
  await assert.rejects(takeSnapshotRestore(submitted), { code: ErrorCode.SNAPSHOT_NOT_RESTORABLE, message: again }, 'taken once: a second start reads it');
  await assert.rejects(takeSnapshotRestore(job({ 'execution.savepoint.path': dir })), { code: ErrorCode.SNAPSHOT_NOT_RESTORABLE, message: again });
});
