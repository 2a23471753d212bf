/**
 * The article's §5 session, end to end on real processes: package WordCount, upload it with
 * curl, run it by its file name, poll the job to FINISHED, and read the TaskManager's stdout.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, TestCluster, execFileAsync, packageJob, waitFor } from './helpers/processes.js';

const cluster = new TestCluster();
let jar: string;

before(async () => {
  jar = join(cluster.workDir, 'word-count-1.0.jar');
  await packageJob(join(ROOT, 'examples/wordcount.ts'), jar);
  await cluster.startJobManager();
  await cluster.startTaskManager(2);
});

after(async () => {
  await cluster.stop();
});

async function curl(...args: string[]): Promise<unknown> {
  const { stdout } = await execFileAsync('curl', ['-sS', ...args]);
  return JSON.parse(stdout);
}

test('upload, run by file name, FINISHED, printed counts', async (t) => {
  const upload = (await curl('-X', 'POST', '-H', 'Expect:', '-F', `jarfile=@${jar}`, `${cluster.restUrl}/jars/upload`)) as { filename: string; status: string };
  assert.equal(upload.status, 'success');
  assert.match(upload.filename, /[0-9a-f-]{36}_word-count-1\.0\.jar$/);

  const run = (await curl('-X', 'POST', '-H', 'Content-Type: application/json', '-d', '{"entryClass":"WordCount"}', `${cluster.restUrl}/jars/word-count-1.0.jar/run`)) as { jobid: string };
  assert.match(run.jobid, /^[0-9a-f]{32}$/, JSON.stringify(run));

  const job = await cluster.waitForJobEnd(run.jobid);
  t.diagnostic(JSON.stringify(job).slice(0, 400));
  assert.equal(job.state, 'FINISHED', cluster.output());
  assert.equal(job.jid, run.jobid);
  assert.equal(job.name, 'WordCount Example');
  for (const key of ['start-time', 'end-time', 'duration', 'now', 'timestamps', 'vertices', 'status-counts', 'plan', 'last-modification', 'tasks']) {
    assert.ok(key in job, `JobDetailsInfo has ${key}`);
  }
  const tasks = job.tasks as Record<string, number>;
  assert.equal(tasks.total, 2);
  assert.equal(tasks.finished, 2);
  for (const k of ['pending', 'running', 'canceling', 'canceled', 'failed']) assert.equal(tasks[k], 0, k);
  assert.ok((job['end-time'] as number) >= (job['start-time'] as number));

  const tm = cluster.processes.find((p) => p.name === 'taskmanager-0')!;
  // The TaskManager wrote its output before reporting FINISHED; it may still be in the pipe to us.
  const lines = await waitFor('the printed counts', () => {
    const printed = tm.stdout.trim().split('\n');
    return printed.length >= 4 ? printed : undefined;
  }, 10_000).catch(() => tm.stdout.trim().split('\n'));
  assert.deepEqual(lines, ['(hello,1)', '(world,1)', '(hello,2)', '(flink,1)']);
});

test('the Flink overview endpoints answer at / and /v1', async () => {
  for (const prefix of ['', '/v1']) {
    const overview = await cluster.getJson(`${prefix}/overview`);
    assert.equal(overview.taskmanagers, 1);
    assert.equal(overview['slots-total'], 2);
    const jobs = await cluster.getJson<{ jobs: { jid: string; state: string; tasks: Record<string, number> }[] }>(`${prefix}/jobs/overview`);
    assert.ok(jobs.jobs.length >= 1);
    assert.equal(jobs.jobs[0]!.tasks.finished, 2);
    const tms = await cluster.getJson<{ taskmanagers: { id: string; slotsNumber: number; freeSlots: number }[] }>(`${prefix}/taskmanagers`);
    assert.equal(tms.taskmanagers[0]!.slotsNumber, 2);
    const jars = await cluster.getJson<{ files: { id: string; name: string }[] }>(`${prefix}/jars`);
    assert.equal(jars.files[0]!.name, 'word-count-1.0.jar');
  }
});
