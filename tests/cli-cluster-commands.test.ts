/**
 * The CLI's cluster commands against real processes, over REST only: upload, jars, info, run -d,
 * list, cancel, delete-jar; and a clear message when no cluster answers.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, SLUICE_BIN, TestCluster, execFileAsync, freePort, packageJob, waitFor } from './helpers/processes.js';

const cluster = new TestCluster(['task.cancellation.timeout=1 s']);
let jar: string;

before(async () => {
  jar = join(cluster.workDir, 'failover.jar');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/failover.ts'), jar);
  await cluster.startJobManager();
  await cluster.startTaskManager(1);
});

after(async () => {
  await cluster.stop();
});

/** Runs `sluice <command> -m <this cluster> <args>` (options before the job, as with Flink); resolves with stdout. */
async function sluice(command: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [SLUICE_BIN, command, '-m', `127.0.0.1:${cluster.restPort}`, ...args], { cwd: ROOT });
  return stdout;
}

test('upload, jars, info and delete-jar manage packages', async () => {
  const jarId = (await sluice('upload', jar)).trim();
  assert.match(jarId, /^[0-9a-f-]+_failover\.jar$/);
  const listed = await sluice('jars');
  assert.match(listed, new RegExp(`${jarId}  failover\\.jar  uploaded .* entry points: .*SlowCount`));

  const plan = await sluice('info', '-c', 'SlowCount', '-p', '2', jar, '10', '100', '/tmp/never');
  assert.match(plan, /^Job "Slow count"$/m);
  assert.match(plan, /^ {2}Source: Numbers \(parallelism 2\)$/m);
  assert.match(plan, /Keyed Aggregation -> Map -> Sink: .* \(parallelism 2\) <- Source: Numbers \[HASH\]/);
  assert.doesNotMatch(await sluice('jars'), /failover\.jar.*\n.*failover\.jar/, 'info removed the package it uploaded');

  assert.equal((await sluice('delete-jar', jarId)).trim(), `Deleted ${jarId}.`);
  assert.equal((await sluice('jars')).trim(), 'No uploaded job packages.');
});

test('run -d, list and cancel a job', async () => {
  const submitted = await sluice('run', '-d', '-c', 'Spins', jar);
  const jobId = /([0-9a-f]{32})/.exec(submitted)?.[1];
  assert.ok(jobId, submitted);
  await waitFor('the job to run', async () => ((await cluster.getJson<{ state: string }>(`/jobs/${jobId}`)).state === 'RUNNING' ? true : undefined));
  const running = await sluice('list', '--running');
  assert.match(running, /-+ Running\/Restarting Jobs -+/);
  assert.match(running, new RegExp(`^\\d\\d\\.\\d\\d\\.\\d{4} \\d\\d:\\d\\d:\\d\\d : ${jobId} : Spins forever \\(RUNNING\\)$`, 'm'));

  assert.equal(await sluice('cancel', jobId), `Cancelling job ${jobId}.\nCancelled job ${jobId}.\n`);
  await cluster.waitForJobEnd(jobId);
  assert.match(await sluice('list'), /No running jobs\.\nNo scheduled jobs\./);
  const all = await sluice('list', '--all');
  assert.match(all, new RegExp(`-+ Terminated Jobs -+\\n.* : ${jobId} : Spins forever \\(CANCELED\\)`));

  // A job id is used once: a resubmission of an ended job is a 409 that says how it ended.
  await assert.rejects(sluice('run', '-d', '--job-id', jobId, '-c', 'Spins', jar), (err: Error & { code: number; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.match(err.stderr, new RegExp(`\\(409\\).*Job ${jobId} has already finished \\(CANCELED\\); a job id can be submitted only once`));
    return true;
  });
});

test('commands say clearly when no cluster answers, and exit 1', async () => {
  const port = await freePort();
  await assert.rejects(execFileAsync(process.execPath, [SLUICE_BIN, 'list', '-m', `127.0.0.1:${port}`]), (err: Error & { code: number; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.match(err.stderr, new RegExp(`^sluice: Could not reach the JobManager at http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`, 'm'));
    return true;
  });
  await assert.rejects(execFileAsync(process.execPath, [SLUICE_BIN, 'cancel', 'not-a-job', '-m', `127.0.0.1:${cluster.restPort}`]), (err: Error & { code: number; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.match(err.stderr, /^sluice: PATCH .* failed \(40\d\)/m);
    return true;
  });
});

test('run -s -n -rm passes the restore settings; the cluster refuses a path that is no snapshot, naming it, and run exits 1', async () => {
  await assert.rejects(sluice('run', '-s', '/savepoints/sp-1', '-n', '-rm', 'claim', '-c', 'SlowCount', jar), (err: Error & { code: number; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.match(err.stderr, /\(400\).*Cannot restore the job from snapshot '\/savepoints\/sp-1': it does not exist or cannot be read/);
    return true;
  });
  assert.equal((await sluice('jars')).trim(), 'No uploaded job packages.', 'run removed the package it uploaded');
});
