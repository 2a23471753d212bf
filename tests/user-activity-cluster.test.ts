/**
 * Keyed state, processing-time timers and the DataGeneratorSource on real processes (a JobManager
 * and a TaskManager with two slots, the job at parallelism 2), and a failing user function
 * reported with its operator and subtask.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, TestCluster, packageJob } from './helpers/processes.js';

const cluster = new TestCluster();
let jarId: string;

before(async () => {
  const jar = join(cluster.workDir, 'user-activity.jar');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/user-activity.ts'), jar);
  await cluster.startJobManager();
  await cluster.startTaskManager(2);
  const form = new FormData();
  form.append('jarfile', new Blob([await readFile(jar)]), 'user-activity.jar');
  const res = await fetch(`${cluster.restUrl}/jars/upload`, { method: 'POST', body: form });
  assert.equal(res.status, 200, await res.clone().text());
  jarId = ((await res.json()) as { filename: string }).filename.split('/').pop()!;
});

after(async () => {
  await cluster.stop();
});

async function runJob(entryClass: string): Promise<{ jobId: string; job: Record<string, unknown> }> {
  const res = await fetch(`${cluster.restUrl}/jars/${jarId}/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ entryClass }) });
  const body = (await res.json()) as { jobid: string };
  assert.equal(res.status, 200, JSON.stringify(body));
  return { jobId: body.jobid, job: await cluster.waitForJobEnd(body.jobid) };
}

test('per-user counts in keyed state and per-user timers, across two subtasks', async () => {
  const { job } = await runJob('UserActivity');
  assert.equal(job.state, 'FINISHED', cluster.output());
  const lines = cluster.processes.find((p) => p.name === 'taskmanager-0')!.stdout.split('\n');
  for (let u = 0; u < 10; u++) {
    const user = `user-${u}`;
    const counts = lines.filter((l) => l.includes(`> ${user} clicks `)).map((l) => Number(l.split(' ').pop()));
    assert.deepEqual(counts, Array.from({ length: 40 }, (_, i) => i + 1), `${user} counted 1..40 in order`);
    assert.ok(lines.some((l) => l.includes(`> ${user} active `)), `${user}'s timer fired`);
  }
});

test('a failing map fails the job with the operator, subtask and message', async () => {
  const { jobId, job } = await runJob('FailingActivity');
  assert.equal(job.state, 'FAILED');
  const { exceptionHistory } = await cluster.getJson<{ exceptionHistory: { entries: { stacktrace: string }[] } }>(`/jobs/${jobId}/exceptions`);
  const trace = exceptionHistory.entries.map((e) => e.stacktrace).join('\n');
  assert.match(trace, /Map \([12]\/2\) failed: click 123 of user-\d is broken/);
  assert.match(trace, /Caused by: Error: click 123/);
});
