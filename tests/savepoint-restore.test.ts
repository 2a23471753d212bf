/**
 * Starting a job from a snapshot on real processes (issue 14): a keyed counting job checkpoints
 * with RETAIN_ON_CANCELLATION and is cancelled; the same program run with savepointPath = its
 * last retained checkpoint continues every key's count where that checkpoint left it (and its
 * generator where it stopped), and so does a run from a moved copy of the directory, which the
 * runs leave untouched (NO_CLAIM), and so does a run from a savepoint taken through
 * `POST /jobs/:id/savepoints` with cancel-job, also at parallelism 3 and 1 (a rescale: every key's
 * count goes on in the subtask that owns its key group now, the generator's remaining input is
 * read once). A path that is no snapshot, and another max parallelism, are 400s at submission
 * naming the problem (against the copy the first test moved).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KEYS, committedLines, countsOf, startCountCluster } from './helpers/checkpointed-count.js';
import { TestCluster, waitFor } from './helpers/processes.js';

const COUNT = 4000;
const cluster = new TestCluster([]);
let jarId: string;

before(async () => {
  jarId = await startCountCluster(cluster, 3);
});

after(async () => {
  await cluster.stop();
});

/** Runs CheckpointedCount (at parallelism 2 unless told) writing under `out`, with 200 ms checkpoints into `checkpoints`. */
function runCount(out: string, checkpoints: string, extra: Record<string, unknown> = {}, parallelism = 2): Promise<Response> {
  return fetch(`${cluster.restUrl}/jars/${jarId}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      entryClass: 'CheckpointedCount',
      parallelism,
      programArgsList: [String(COUNT), '800', out, '200'],
      flinkConfiguration: { 'execution.checkpointing.dir': checkpoints, 'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION' },
      ...extra,
    }),
  });
}

async function jobIdOf(res: Response): Promise<string> {
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as { jobid: string }).jobid;
}

/** Every file under `dir` with its size and modification time. */
function filesOf(dir: string): string[] {
  return readdirSync(dir).map((f) => `${f} ${statSync(join(dir, f)).size} ${statSync(join(dir, f)).mtimeMs}`).sort();
}

/**
 * Runs the counting job from `savepointPath` (writing under `name`) to its end and checks that
 * every key's count went on from a count the stopped job had reached (`stoppedAt`), once each,
 * up to the last: state and generator position were both restored, at one consistent point. As
 * every key ends at exactly its share of the records, the generator emitted each record once.
 */
async function runsOnFrom(name: string, savepointPath: string, stoppedAt: Map<number, number[]>, location: string, parallelism = 2): Promise<void> {
  const out = join(cluster.workDir, name);
  const restored = await jobIdOf(await runCount(out, join(cluster.workDir, `checkpoints-${name}`), { savepointPath }, parallelism));
  assert.equal((await cluster.waitForJobEnd(restored, 120_000)).state, 'FINISHED');
  const stats = await cluster.getJson<{ latest: { restored: { external_path: string; is_savepoint: boolean } | null } }>(`/jobs/${restored}/checkpoints`);
  assert.equal(stats.latest.restored?.external_path, location, `${name}: the snapshot is the latest restore in the statistics`);
  assert.equal(stats.latest.restored?.is_savepoint, /\/savepoint-[^/]+$/.test(location), `${name}: restored from a savepoint or a checkpoint`);
  const counts = countsOf(out);
  assert.equal(counts.size, KEYS);
  for (const [k, ns] of counts) {
    const start = ns[0]!;
    assert.ok(start > 1 && start - 1 <= Math.max(...stoppedAt.get(k)!), `${name}: key ${k} continues from a count the first job had reached (starts at ${start})`);
    assert.deepEqual(ns, Array.from({ length: COUNT / KEYS - start + 1 }, (_, i) => start + i), `${name}: key ${k} counts on, each once, up to ${COUNT / KEYS}`);
  }
  const emitted = [...counts].flatMap(([k, ns]) => ns.map((n) => `${k}=${n}`));
  assert.deepEqual(committedLines(out).sort(), emitted.sort(), `${name}: the FileSink committed what the run emitted, each line once`);
}

test('a job run from its cancelled predecessor\'s retained checkpoint (and from a moved copy of it) continues every key\'s count', async () => {
  const checkpoints = join(cluster.workDir, 'checkpoints');
  const first = join(cluster.workDir, 'first');
  const jobId = await jobIdOf(await runCount(first, checkpoints));
  await waitFor('every key counted', () => (countsOf(first).size === KEYS ? true : undefined), 60_000);
  const completed = async (): Promise<number> => (await cluster.getJson<{ counts: { completed: number } }>(`/jobs/${jobId}/checkpoints`)).counts.completed;
  const seen = await completed();
  await waitFor('two more checkpoints', async () => ((await completed()) >= seen + 2 ? true : undefined), 60_000);
  const cancel = await fetch(`${cluster.restUrl}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
  assert.equal(cancel.status, 202);
  assert.equal((await cluster.waitForJobEnd(jobId)).state, 'CANCELED');

  const jobDir = join(checkpoints, jobId);
  const retained = readdirSync(jobDir).filter((d) => existsSync(join(jobDir, d, '_metadata')));
  assert.equal(retained.length, 1, `one retained checkpoint: ${retained}`);
  const snapshot = join(jobDir, retained[0]!);
  const before = filesOf(snapshot);
  const moved = join(cluster.workDir, 'moved-snapshot');
  cpSync(snapshot, moved, { recursive: true });
  const stoppedAt = countsOf(first);

  await runsOnFrom('from-checkpoint', snapshot, stoppedAt, snapshot);
  await runsOnFrom('from-moved-copy', join(moved, '_metadata'), stoppedAt, moved);
  assert.deepEqual(filesOf(snapshot), before, 'NO_CLAIM: the snapshot is left as it was');
});

test('a path that is no snapshot, or another max parallelism than the snapshot\'s, is a 400 at submission naming the problem', async () => {
  const notSnapshot = await runCount(join(cluster.workDir, 'x'), join(cluster.workDir, 'chk-x'), { savepointPath: cluster.workDir });
  assert.equal(notSnapshot.status, 400);
  assert.match(((await notSnapshot.json()) as { errors: string[] }).errors[0]!, new RegExp(`Cannot restore the job from snapshot '${cluster.workDir}': its metadata .*_metadata cannot be read`));
  const moved = join(cluster.workDir, 'moved-snapshot');
  const otherKeyGroups = await runCount(join(cluster.workDir, 'y'), join(cluster.workDir, 'chk-y'), { savepointPath: moved, flinkConfiguration: { 'pipeline.max-parallelism': '64' } }, 1);
  assert.equal(otherKeyGroups.status, 400);
  assert.match(((await otherKeyGroups.json()) as { errors: string[] }).errors[0]!, /the max parallelism of '.*' is 64, but its operators' state was written with max parallelism 128/);
  const overview = await cluster.getJson<{ jobs: unknown[] }>('/jobs/overview');
  assert.equal(overview.jobs.length, 3, 'neither was submitted');
});

test('a job run from a savepoint taken with cancel-job continues every key\'s count, at its parallelism and rescaled to 3 and to 1', async () => {
  const first = join(cluster.workDir, 'savepointed');
  const jobId = await jobIdOf(await runCount(first, join(cluster.workDir, 'checkpoints-savepointed')));
  await waitFor('every key counted', () => (countsOf(first).size === KEYS ? true : undefined), 60_000);
  const trigger = await fetch(`${cluster.restUrl}/jobs/${jobId}/savepoints`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ 'target-directory': join(cluster.workDir, 'savepoints'), 'cancel-job': true }),
  });
  assert.equal(trigger.status, 202);
  const requestId = ((await trigger.json()) as { 'request-id': string })['request-id'];
  const location = await waitFor('the savepoint', async () => {
    const status = await cluster.getJson<{ status: { id: string }; operation?: { location?: string } }>(`/jobs/${jobId}/savepoints/${requestId}`);
    return status.status.id === 'COMPLETED' ? status.operation?.location : undefined;
  }, 60_000);
  assert.ok(location, 'the savepoint completed with a location');
  assert.equal((await cluster.waitForJobEnd(jobId)).state, 'CANCELED');
  const stoppedAt = countsOf(first);
  await runsOnFrom('from-savepoint', location, stoppedAt, location);
  await runsOnFrom('rescaled-to-3', location, stoppedAt, location, 3);
  await runsOnFrom('rescaled-to-1', location, stoppedAt, location, 1);
});
