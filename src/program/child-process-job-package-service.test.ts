import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { childProcesses } from '../../tests/helpers/processes.js';
import { ErrorCode, OverloadedError } from '../common/errors.js';
import type { ProgramOptions } from '../protocol/job-packages.js';
import { ChildProcessJobPackageService } from './child-process-job-package-service.js';
import { packageJob } from './package-job.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../tests/fixtures/jobs/${name}`, import.meta.url));
const JOB_ID = 'a'.repeat(32);

describe('ChildProcessJobPackageService', () => {
  let dir: string;
  let wordCount: string;
  let misbehaving: string;
  let service: ChildProcessJobPackageService;
  const options = (entryClass: string, extra: Partial<ProgramOptions> = {}): ProgramOptions => ({ entryClass, args: [], config: {}, ...extra });
  const failsWith = async (promise: Promise<unknown>, code: string, ...patterns: RegExp[]) => {
    await assert.rejects(promise, (err: Error & { code: string }) => {
      assert.equal(err.code, code, err.message);
      for (const p of patterns) assert.match(err.message, p);
      return true;
    });
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-plan-child-'));
    wordCount = (await packageJob(fixture('word-count.ts'), join(dir, 'word-count.jar'), { entryClass: 'WordCount' })).path;
    misbehaving = (await packageJob(fixture('misbehaving.ts'), join(dir, 'misbehaving.js'))).path;
    service = new ChildProcessJobPackageService({
      cacheDir: join(dir, 'cache'), timeoutMs: 20_000, maxHeapBytes: 256 * 1024 ** 2, defaultParallelism: 2,
    });
  });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it("describes a package's entry points, the manifest's default first", async () => {
    assert.deepEqual(await service.describe(wordCount), {
      entries: [{ name: 'WordCount', description: 'Counts the words of a text' }, { name: 'countNumbers', description: null }],
      defaultEntryClass: 'WordCount',
    });
  });

  it("builds the JobGraph of the package's main", async () => {
    const graph = await service.createJobGraph(wordCount, 'word-count.jar', 'b'.repeat(64), { args: ['to be or not'], jobId: JOB_ID, config: { 'k': 'v' } });
    assert.equal(graph.jobId, JOB_ID);
    assert.equal(graph.jobName, 'WordCount');
    assert.deepEqual(graph.program, { blobKey: 'b'.repeat(64), packageName: 'word-count.jar', entryClass: 'WordCount', args: ['to be or not'] });
    assert.equal(graph.config.k, 'v');
    assert.equal(graph.vertices.at(-1)!.parallelism, 2, 'the service default parallelism applies');
    const other = await service.createJobGraph(wordCount, 'word-count.jar', 'b'.repeat(64), options('countNumbers', { parallelism: 3 }));
    assert.equal(other.jobName, 'Even numbers');
    assert.match(other.jobId, /^[0-9a-f]{32}$/);
    assert.equal(other.vertices.at(-1)!.parallelism, 3, "the request's parallelism applies");
  });

  it('accepts a main that does not await execute()', async () => {
    const graph = await service.createJobGraph(misbehaving, 'misbehaving.js', 'c'.repeat(64), options('ForgetsToAwait'));
    assert.equal(graph.jobName, 'Not awaited');
  });

  it("reports a main that throws with the user's message, own stack frames and output, and nothing of the JobManager's", async () => {
    const thrown = service.createJobGraph(misbehaving, 'misbehaving.js', 'c'.repeat(64), options('Throws'));
    await failsWith(thrown, ErrorCode.PLAN_EXTRACTION_FAILED,
      /failed: Error: the job refuses to start\n\s+at Throws\.main \(job\.mjs:\d+:\d+\)\n\nOutput/,
      /Output of the program \(last lines\):\nabout to fail$/);
    const message = await thrown.then(() => assert.fail('it throws'), (err: Error) => err.message);
    assert.doesNotMatch(message, /node:internal|src\/program|dist\/|file:|\/cache\//, message);
    assert.ok(!message.includes(dir), message);
  });

  it('reports a main that exits the process', async () => {
    await failsWith(service.createJobGraph(misbehaving, 'misbehaving.js', 'c'.repeat(64), options('Exits')), ErrorCode.PLAN_EXTRACTION_FAILED,
      /^The program's main exited the process \(exit code 3\) before building a job$/);
  });

  it('reports a main that builds no job', async () => {
    await failsWith(service.createJobGraph(misbehaving, 'misbehaving.js', 'c'.repeat(64), options('NoExecute')), ErrorCode.PLAN_EXTRACTION_FAILED,
      /^The program's main did not call execute\(\) \(no job was defined\)/);
  });

  it('stops a main that runs past the timeout', async () => {
    const impatient = new ChildProcessJobPackageService({ cacheDir: join(dir, 'cache'), timeoutMs: 2_000, maxHeapBytes: 256 * 1024 ** 2, defaultParallelism: 1 });
    const started = Date.now();
    await failsWith(impatient.createJobGraph(misbehaving, 'misbehaving.js', 'c'.repeat(64), options('Loops')), ErrorCode.PLAN_EXTRACTION_FAILED,
      /did not finish within 2000 ms \(web\.plan-extraction\.timeout\)/);
    assert.ok(Date.now() - started < 10_000);
  });

  it('also stops what a main spawned', async () => {
    const impatient = new ChildProcessJobPackageService({ cacheDir: join(dir, 'cache'), timeoutMs: 1_000, maxHeapBytes: 256 * 1024 ** 2, defaultParallelism: 1 });
    const started = Date.now();
    await failsWith(impatient.createJobGraph(misbehaving, 'misbehaving.js', 'c'.repeat(64), options('SpawnsAndLoops')), ErrorCode.PLAN_EXTRACTION_FAILED,
      /did not finish within 1000 ms/);
    assert.ok(Date.now() - started < 5_000);
    assert.equal(spawnSync('pgrep', ['-f', '^sleep 987$']).status, 1, 'the spawned process is gone');
  });

  it('runs at most pool-size children at once, queues a bounded number of requests and refuses the rest', async () => {
    const bounded = new ChildProcessJobPackageService({ cacheDir: join(dir, 'cache'), timeoutMs: 1_500, maxHeapBytes: 256 * 1024 ** 2, defaultParallelism: 1, poolSize: 2, queueSize: 3 });
    // The other services of this file keep their own spare child.
    const others = new Set(childProcesses(process.pid, 'plan-extractor-main'));
    let most = 0;
    let mostCounted = 0;
    const sampler = setInterval(() => {
      most = Math.max(most, childProcesses(process.pid, 'plan-extractor-main').filter((pid) => !others.has(pid)).length);
      mostCounted = Math.max(mostCounted, bounded.load.children);
    }, 20);
    try {
      const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => bounded.createJobGraph(misbehaving, 'misbehaving.js', 'c'.repeat(64), options('Loops'))));
      const reasons = outcomes.map((o) => (o.status === 'rejected' ? o.reason as Error & { code: string } : assert.fail('a looping main cannot succeed')));
      const refused = reasons.filter((r) => r.code === ErrorCode.TOO_MANY_REQUESTS);
      assert.equal(refused.length, 3, 'two run, three wait, three are refused');
      for (const r of refused) {
        assert.ok(r instanceof OverloadedError);
        assert.ok(r.retryAfterSeconds >= 1 && r.retryAfterSeconds <= 2, String(r.retryAfterSeconds));
        assert.match(r.message, /all 2 child processes \(web\.plan-extraction\.pool-size\) are busy and 3 requests wait \(web\.plan-extraction\.queue-size\)/);
      }
      assert.ok(reasons.filter((r) => r.code === ErrorCode.PLAN_EXTRACTION_FAILED).every((r) => /did not finish within 1500 ms/.test(r.message)));
      assert.equal(reasons.filter((r) => r.code === ErrorCode.PLAN_EXTRACTION_FAILED).length, 5);
    } finally {
      clearInterval(sampler);
      bounded.close();
    }
    assert.ok(most <= 2, `at most 2 extraction children were alive; saw ${most}`);
    assert.ok(most >= 1 && mostCounted <= 2, `the pool counts its children: ${mostCounted}`);
    assert.deepEqual(bounded.load, { children: 0, queued: 0 });
  });

  it('drops a waiting request once its signal aborts (the client went away), and serves the next one', async () => {
    const single = new ChildProcessJobPackageService({ cacheDir: join(dir, 'cache'), timeoutMs: 1_500, maxHeapBytes: 256 * 1024 ** 2, defaultParallelism: 1, poolSize: 1, queueSize: 2 });
    try {
      const order: string[] = [];
      const running = single.createJobGraph(misbehaving, 'misbehaving.js', 'c'.repeat(64), options('Loops')).catch(() => order.push('running ended'));
      const client = new AbortController();
      const abandoned = single.createJobGraph(misbehaving, 'misbehaving.js', 'c'.repeat(64), options('Loops'), client.signal).catch((err: Error & { code: string }) => {
        order.push('abandoned dropped');
        return err;
      });
      const next = single.createJobGraph(wordCount, 'word-count.jar', 'c'.repeat(64), options('WordCount', { jobId: JOB_ID }));
      assert.equal(single.load.queued, 2);
      client.abort();
      const err = await abandoned;
      assert.equal((err as { code: string }).code, ErrorCode.ILLEGAL_STATE);
      assert.match((err as Error).message, /client went away/);
      assert.equal(single.load.queued, 1, 'only the next request still waits');
      assert.equal((await next).jobId, JOB_ID, 'the request behind it still runs');
      await running;
      assert.deepEqual(order, ['abandoned dropped', 'running ended']);
    } finally {
      single.close();
    }
  });

  it('reports a main that runs out of memory', async () => {
    const frugal = new ChildProcessJobPackageService({ cacheDir: join(dir, 'cache'), timeoutMs: 20_000, maxHeapBytes: 64 * 1024 ** 2, defaultParallelism: 1 });
    await failsWith(frugal.createJobGraph(misbehaving, 'misbehaving.js', 'c'.repeat(64), options('HogsMemory')), ErrorCode.PLAN_EXTRACTION_FAILED,
      /ran out of memory \(heap limit 64 MiB, web\.plan-extraction\.memory\)/);
  });

  it('rejects unknown entries and files that are not packages', async () => {
    await failsWith(service.createJobGraph(wordCount, 'word-count.jar', 'b'.repeat(64), options('Nope')), ErrorCode.ENTRY_NOT_FOUND,
      /^Entry point 'Nope' not found in the job package; entry points: WordCount, countNumbers$/);
    const notes = join(dir, 'notes.txt');
    await writeFile(notes, 'hello world\n');
    await failsWith(service.describe(notes), ErrorCode.INVALID_PACKAGE, /'notes\.txt' is not a job package/);
  });
});
