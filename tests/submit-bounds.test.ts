/**
 * Job submission stays bounded on a real JobManager: concurrent runs of a looping main share a
 * bounded pool of plan extraction children (the overflow is 429 with Retry-After), a duplicate job
 * id is refused before its main runs, and a failing main's error shows nothing of the JobManager.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, TestCluster, childProcesses, packageJob } from './helpers/processes.js';

const POOL_SIZE = 2;
const QUEUE_SIZE = 4;
const cluster = new TestCluster([`web.plan-extraction.pool-size=${POOL_SIZE}`, `web.plan-extraction.queue-size=${QUEUE_SIZE}`, 'web.plan-extraction.timeout=4 s']);
let jobManagerPid: number;
let jarId: string;

before(async () => {
  const jar = join(cluster.workDir, 'misbehaving.js');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/misbehaving.ts'), jar);
  jobManagerPid = (await cluster.startJobManager()).pid;
  jarId = await cluster.uploadJar(jar);
});

after(() => cluster.stop());

function run(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${cluster.restUrl}/jars/${jarId}/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function errorOf(res: Response): Promise<string> {
  return ((await res.json()) as { errors: string[] }).errors.join('\n');
}

describe('bounded job submission', () => {
  test('40 concurrent runs of a looping main: at most pool-size extraction children, the overflow is 429 with Retry-After, the JobManager keeps serving', async () => {
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, childProcesses(jobManagerPid, 'plan-extractor-main').length)), 20);
    let answers: { status: number; retryAfter: string | null; error: string }[];
    try {
      const runs = Promise.all(Array.from({ length: 40 }, async () => {
        const res = await run({ entryClass: 'Loops' });
        return { status: res.status, retryAfter: res.headers.get('retry-after'), error: await errorOf(res) };
      }));
      // While the pool is busy, other requests are answered.
      const overview = await fetch(`${cluster.restUrl}/overview`);
      assert.equal(overview.status, 200);
      answers = await runs;
    } finally {
      clearInterval(sampler);
    }
    const refused = answers.filter((a) => a.status === 429);
    const ran = answers.filter((a) => a.status !== 429);
    assert.equal(refused.length, 40 - POOL_SIZE - QUEUE_SIZE, JSON.stringify(answers.map((a) => a.status)));
    for (const a of refused) {
      assert.match(a.retryAfter ?? '', /^[1-9]\d*$/);
      assert.match(a.error, /web\.plan-extraction\.pool-size.*web\.plan-extraction\.queue-size/);
    }
    for (const a of ran) {
      assert.equal(a.status, 400);
      assert.match(a.error, /did not finish within 4000 ms/);
    }
    assert.ok(most >= 1 && most <= POOL_SIZE, `at most ${POOL_SIZE} extraction children were alive at once; saw ${most}`);
    assert.equal((await fetch(`${cluster.restUrl}/jars`)).status, 200);
  });

  test('a duplicate jobId of a running job is 409 at once: the looping main never runs', async () => {
    const jobId = '5'.repeat(32);
    // No TaskManager: the job stays, waiting for slots.
    const first = await run({ entryClass: 'ForgetsToAwait', jobId });
    assert.equal(first.status, 200, await first.clone().text());
    const duplicate = await run({ entryClass: 'Loops', jobId });
    assert.equal(duplicate.status, 409);
    assert.match(await errorOf(duplicate), new RegExp(`Job ${jobId} is already running; a job id can be submitted only once`));
  });

  test("a throwing main's error body has the user's message and frames, none of the JobManager's", async () => {
    const res = await run({ entryClass: 'Throws' });
    assert.equal(res.status, 400);
    const error = await errorOf(res);
    assert.match(error, /failed: Error: the job refuses to start\n\s+at Throws\.main \(job\.mjs:\d+:\d+\)\n\nOutput of the program \(last lines\):\nabout to fail$/);
    assert.doesNotMatch(error, /node:internal|dist\/src|file:/);
    assert.ok(!error.includes(cluster.workDir), error);
  });
});
