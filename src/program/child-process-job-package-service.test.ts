import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ErrorCode } from '../common/errors.js';
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

  it("reports a main that throws with the user's message, stack and output", async () => {
    await failsWith(service.createJobGraph(misbehaving, 'misbehaving.js', 'c'.repeat(64), options('Throws')), ErrorCode.PLAN_EXTRACTION_FAILED,
      /failed: Error: the job refuses to start\n\s+at Throws\.main \(file:.*job\.mjs:\d+:\d+\)/,
      /Output of the program \(last lines\):\nabout to fail$/);
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
