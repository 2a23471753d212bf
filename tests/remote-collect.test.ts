/**
 * Running against a real cluster from the client side, over REST only: a job file run directly
 * with SLUICE_JOBMANAGER collects its results from the cluster, and `sluice run -m` submits and
 * follows jobs. JobManager and TaskManager are separate processes.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, SLUICE_BIN, TestCluster, execFileAsync, freePort, waitFor } from './helpers/processes.js';

const LOCAL_FIXTURES = join(ROOT, 'tests/fixtures/local');
const COLLECT_JOB = join(ROOT, 'tests/fixtures/remote/collect-job.ts');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs node with `args` in the repository (so `sluice` resolves to this package); never rejects. */
async function node(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, args, { cwd: ROOT, timeout: 60_000, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('a remote cluster, reached over REST', () => {
  const cluster = new TestCluster();
  let taskManagerStdout: () => string;

  before(async () => {
    await cluster.startJobManager();
    const tm = await cluster.startTaskManager(2);
    taskManagerStdout = () => tm.stdout;
  });
  after(() => cluster.stop());

  const jobManager = () => `127.0.0.1:${cluster.restPort}`;
  const jobs = async () => (await cluster.getJson<{ jobs: { jid: string; name: string; state: string }[] }>('/jobs/overview')).jobs;

  test('executeAndCollect() in a job file run with SLUICE_JOBMANAGER brings the results from the cluster', async () => {
    const before = new Set((await jobs()).map((j) => j.jid));
    const run = await node(['--import', 'tsx', COLLECT_JOB, 'to be or not to be', 'to do'], { SLUICE_JOBMANAGER: jobManager() });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, 'to: 1\nbe: 1\nor: 1\nnot: 1\nto: 2\nbe: 2\nto: 3\ndo: 1\n');
    const job = (await jobs()).find((j) => !before.has(j.jid));
    assert.ok(job, 'the job ran on the cluster');
    assert.equal(job.name, 'Remote collect');
    assert.equal(job.state, 'FINISHED');
  });

  test('sluice run -m submits examples/wordcount.ts, follows it to the end, and its counts reach the TaskManager stdout', async () => {
    // As with Flink's run, options come before the job; what follows it is the program's.
    const run = await node([SLUICE_BIN, 'run', '-m', jobManager(), join(ROOT, 'examples/wordcount.ts'), 'remote words', 'remote']);
    assert.equal(run.code, 0, run.stderr);
    const jobId = /^Job has been submitted with JobID ([0-9a-f]{32})$/m.exec(run.stdout)?.[1];
    assert.ok(jobId, run.stdout);
    assert.match(run.stdout, /FINISHED/);
    assert.equal((await cluster.getJson(`/jobs/${jobId}`)).state, 'FINISHED');
    await waitFor('the counts in the TaskManager stdout', () => (['(remote,1)', '(words,1)', '(remote,2)'].every((l) => taskManagerStdout().includes(l)) ? true : undefined));
  });

  test('sluice run -d returns once the job is submitted', async () => {
    const run = await node([SLUICE_BIN, 'run', '-d', '-m', jobManager(), join(ROOT, 'examples/wordcount.ts')]);
    assert.equal(run.code, 0, run.stderr);
    const jobId = /Job has been submitted with JobID ([0-9a-f]{32})/.exec(run.stdout)?.[1];
    assert.ok(jobId, run.stdout);
    assert.equal((await cluster.waitForJobEnd(jobId)).state, 'FINISHED');
  });

  test("sluice run of a failing job exits 1 with the user's message", async () => {
    const run = await node([SLUICE_BIN, 'run', '-m', jobManager(), '-c', 'Throws', join(LOCAL_FIXTURES, 'jobs.ts')]);
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /Job has been submitted with JobID/);
    assert.match(run.stderr, /FAILED.*cannot double 7/);
  });

  test('sluice run against a port nobody listens on exits 1 with a clear message and no stack trace', async () => {
    const port = await freePort();
    const run = await node([SLUICE_BIN, 'run', '-m', `127.0.0.1:${port}`, join(ROOT, 'examples/wordcount.ts')]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`^sluice: Could not reach the JobManager at http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });
});
