import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { getContextExecutor } from '../api/execution-context.js';
import { ErrorCode } from '../common/errors.js';
import { openJobPackage, type JobPackage } from './job-package.js';
import { packageJob } from './package-job.js';
import { captureStreamGraph } from './plan-mode.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../tests/fixtures/jobs/${name}`, import.meta.url));

describe('captureStreamGraph (in this thread)', () => {
  let dir: string;
  let wordCount: JobPackage;
  let misbehaving: string;
  let cacheDir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-plan-mode-'));
    cacheDir = join(dir, 'cache');
    const jar = await packageJob(fixture('word-count.ts'), join(dir, 'word-count.jar'), { entryClass: 'WordCount' });
    wordCount = await openJobPackage(jar.path, { cacheDir });
    const bundle = await packageJob(fixture('misbehaving.ts'), join(dir, 'misbehaving.mjs'));
    misbehaving = (await openJobPackage(bundle.path, { cacheDir })).bundlePath;
  });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it("captures the graph of the manifest's default entry, resolving `sluice` to this runtime's API", async () => {
    const graph = await captureStreamGraph(wordCount, undefined, []);
    assert.equal(graph.jobName, 'WordCount');
    assert.deepEqual(graph.nodes.map((n) => n.operator.kind), ['source', 'flatMap', 'keyedAggregation', 'sink']);
    assert.equal(getContextExecutor(), undefined, 'the capturing executor is removed afterwards');
  });

  it('runs the named entry with the given args', async () => {
    const graph = await captureStreamGraph(wordCount.bundlePath, 'countNumbers', []);
    assert.equal(graph.jobName, 'Even numbers');
    const words = await captureStreamGraph(wordCount, 'WordCount', ['one line']);
    assert.deepEqual(words.nodes[0]!.operator, { kind: 'source', source: { type: 'elements', elements: ['one line'] } });
  });

  it("reports a failing main with the user's message and stack", async () => {
    await assert.rejects(captureStreamGraph(misbehaving, 'Throws', []), (err: Error & { code: string }) => {
      assert.equal(err.code, ErrorCode.PLAN_EXTRACTION_FAILED);
      assert.match(err.message, /main \(entry 'Throws'\) failed: Error: the job refuses to start\n\s+at Throws\.main \(file:.*\/job\.mjs:\d+:\d+\)/);
      return true;
    });
  });

  it('reports a main that never calls execute()', async () => {
    await assert.rejects(captureStreamGraph(misbehaving, 'NoExecute', []), {
      code: ErrorCode.PLAN_EXTRACTION_FAILED,
      message: "The program's main did not call execute() (no job was defined)",
    });
  });

  it('captures a script whose top-level code runs the job, with the args in process.argv, afresh on every capture', async () => {
    const bundle = await packageJob(fileURLToPath(new URL('../../tests/fixtures/local/script-job.ts', import.meta.url)), join(dir, 'script.mjs'));
    const script = (await openJobPackage(bundle.path, { cacheDir })).bundlePath;
    const argv = process.argv;
    const first = await captureStreamGraph(script, undefined, ['to be', 'or not']);
    assert.equal(first.jobName, 'Script WordCount');
    assert.deepEqual(first.nodes[0]!.operator, { kind: 'source', source: { type: 'elements', elements: ['to be', 'or not'] } });
    const sink = first.nodes.at(-1)!;
    assert.deepEqual([sink.name, sink.operator, sink.parallelism, sink.chainingStrategy], ['Sink: Data stream collect sink', { kind: 'sink', sink: { type: 'collect' } }, 1, 'NEVER']);
    const second = await captureStreamGraph(script, undefined, ['again']);
    assert.deepEqual(second.nodes[0]!.operator, { kind: 'source', source: { type: 'elements', elements: ['again'] } });
    assert.equal(process.argv, argv, 'process.argv is restored');
  });

  it('reports an unknown entry with the ones that exist', async () => {
    await assert.rejects(captureStreamGraph(wordCount, 'Main', []), {
      code: ErrorCode.ENTRY_NOT_FOUND,
      message: "Entry point 'Main' not found in the job package; entry points: WordCount, countNumbers",
    });
  });
});
