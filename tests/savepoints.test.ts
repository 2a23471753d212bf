/**
 * Savepoints on real processes: Flink's REST trigger and `sluice savepoint` take a savepoint of a
 * running keyed job into a directory of its own whose `_metadata` is of type SAVEPOINT, and the job
 * goes on (or is cancelled, with `cancel-job`); an unwritable target fails the savepoint, not the
 * job; a job without periodic checkpoints takes savepoints too; disposal deletes a savepoint and
 * refuses any other directory.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, SLUICE_BIN, TestCluster, execFileAsync, waitFor } from './helpers/processes.js';
import { SlowCountJobs } from './helpers/slow-count.js';

/** The cluster's default savepoint directory (Flink 1.x's key). */
const defaultSavepoints = mkdtempSync(join(tmpdir(), 'sluice-savepoints-test-'));
const cluster = new TestCluster(['task.cancellation.timeout=1 s', `state.savepoints.dir=${defaultSavepoints}`]);
const jobs = new SlowCountJobs(cluster);

before(() => jobs.start());

after(async () => {
  await cluster.stop();
  await rm(defaultSavepoints, { recursive: true, force: true });
});

async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${cluster.restUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** Polls `path` (an asynchronous operation's status) until it is COMPLETED; returns its operation. */
async function completed(path: string): Promise<any> {
  return waitFor(`${path} to complete`, async () => {
    const answer = await cluster.getJson<{ status: { id: string }; operation: unknown }>(path);
    return answer.status.id === 'COMPLETED' ? answer.operation : undefined;
  });
}

async function triggerSavepoint(jobId: string, body: Record<string, unknown>): Promise<any> {
  const res = await post(`/jobs/${jobId}/savepoints`, body);
  assert.equal(res.status, 202);
  return completed(`/jobs/${jobId}/savepoints/${res.body['request-id']}`);
}

async function dispose(path: string): Promise<any> {
  const res = await post('/savepoint-disposal', { 'savepoint-path': path });
  assert.equal(res.status, 200);
  return completed(`/savepoint-disposal/${res.body['request-id']}`);
}

async function metadataType(location: string): Promise<string> {
  return (JSON.parse(await readFile(join(location, '_metadata'), 'utf8')) as { type: string }).type;
}

async function jobState(jobId: string): Promise<string> {
  return (await cluster.getJson<{ state: string }>(`/jobs/${jobId}`)).state;
}

test('a savepoint of a running checkpointed keyed job completes into its own SAVEPOINT directory, the job keeps running, and disposal deletes it', async () => {
  const jobId = await jobs.run('checkpointed', { 'execution.checkpointing.interval': '1 h' });
  const target = join(cluster.workDir, 'savepoints');
  const { location } = await triggerSavepoint(jobId, { 'target-directory': target, formatType: 'CANONICAL' });
  assert.match(location, new RegExp(`^${target}/savepoint-${jobId.slice(0, 6)}-[0-9a-f]{12}$`));
  assert.equal(await metadataType(location), 'SAVEPOINT');
  // The keyed sum's state and the source's position, in files of the savepoint's own directory.
  const metadata = JSON.parse(await readFile(join(location, '_metadata'), 'utf8')) as { subtasks: { state?: { path: string } }[] };
  const files = metadata.subtasks.flatMap((s) => (s.state ? [s.state.path] : []));
  assert.equal(files.length, 2);
  for (const f of files) await stat(join(location, f));
  assert.equal(await jobState(jobId), 'RUNNING');
  const stats = await cluster.getJson<any>(`/jobs/${jobId}/checkpoints`);
  assert.deepEqual([stats.history[0].is_savepoint, stats.history[0].checkpoint_type, stats.latest.savepoint.external_path, stats.latest.completed], [true, 'SAVEPOINT', location, null]);

  // Disposal refuses a directory that holds no savepoint, and deletes the savepoint.
  const refused = await dispose(cluster.workDir);
  assert.equal(refused['failure-cause'].class, 'SAVEPOINT_DISPOSAL_REFUSED');
  await stat(join(cluster.workDir, 'failover.jar'));
  assert.deepEqual(await dispose(location), {});
  await assert.rejects(stat(location), { code: 'ENOENT' });
  await jobs.cancel(jobId);
});

test('a savepoint into an unwritable target fails with the cause, and the job keeps running', async () => {
  const jobId = await jobs.run('unwritable', { 'execution.checkpointing.interval': '1 h' });
  const file = join(cluster.workDir, 'a-file');
  await writeFile(file, '');
  const operation = await triggerSavepoint(jobId, { 'target-directory': join(file, 'savepoints') });
  assert.equal(operation['failure-cause'].class, 'CHECKPOINT_FAILED');
  assert.match(operation['failure-cause']['stack-trace'], /could not create its directory .*a-file/);
  assert.equal(await jobState(jobId), 'RUNNING');
  await jobs.cancel(jobId);
});

test('cancel-job cancels the job once the savepoint completed; the savepoint stays', async () => {
  const jobId = await jobs.run('cancelled', { 'execution.checkpointing.interval': '1 h' });
  const { location } = await triggerSavepoint(jobId, { 'target-directory': join(cluster.workDir, 'savepoints'), 'cancel-job': true });
  const end = await cluster.waitForJobEnd(jobId);
  assert.equal(end.state, 'CANCELED');
  assert.equal(await metadataType(location), 'SAVEPOINT');
});

test('sluice savepoint takes one of a job without periodic checkpoints into the cluster\'s default directory; sluice savepoint -d deletes it', async () => {
  const jobId = await jobs.run('unchecked', {});
  const sluice = (...args: string[]) => execFileAsync(process.execPath, [SLUICE_BIN, 'savepoint', '-m', `127.0.0.1:${cluster.restPort}`, ...args], { cwd: ROOT });
  const { stdout } = await sluice(jobId);
  const path = /^Savepoint completed\. Path: (.+)$/m.exec(stdout)?.[1] ?? '';
  assert.ok(path.startsWith(join(defaultSavepoints, `savepoint-${jobId.slice(0, 6)}-`)), stdout);
  assert.equal(stdout, `Triggering savepoint for job ${jobId}.\nWaiting for response...\nSavepoint completed. Path: ${path}\nYou can resume your program from this savepoint with the run command.\n`);
  assert.equal(await metadataType(path), 'SAVEPOINT');
  assert.equal(await jobState(jobId), 'RUNNING');
  assert.equal((await sluice('-d', path)).stdout, `Disposing savepoint '${path}'.\nSavepoint '${path}' disposed.\n`);
  await assert.rejects(stat(path), { code: 'ENOENT' });
  await jobs.cancel(jobId);
});
