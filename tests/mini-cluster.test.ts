/**
 * Jobs on a mini cluster in this process (2 TaskManagers with 2 slots each, so keyed shuffles
 * also cross TaskManagers over TCP): execute() and executeAndCollect() with exact results, rolling
 * counts at parallelism 1, 2 and 4 against a plain loop, a slow client, cancellation, failures
 * with the user's message, and the determinism check.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MiniCluster, runLocalProgram, sharedCluster } from '../src/minicluster/index.js';
import { corpus, countWords } from './fixtures/local/corpus.js';

const JOBS = fileURLToPath(new URL('./fixtures/local/jobs.ts', import.meta.url));
const LINES = ['to be or not to be', 'that is the question', 'to be is to do'];

type Count = [string, number];

/** The final count per key of rolling counts: the largest count seen for the key. */
function finalCounts(rolling: readonly Count[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [word, n] of rolling) counts.set(word, Math.max(n, counts.get(word) ?? 0));
  return counts;
}

describe('a mini cluster in this process', () => {
  let cluster: MiniCluster;
  let workDir: string;
  const run = (entryClass: string, args: string[] = []): Promise<unknown> =>
    runLocalProgram({ jobFile: JOBS, entryClass, args, clusters: sharedCluster(cluster) });

  before(async () => {
    cluster = await MiniCluster.start({ numTaskManagers: 2, numSlotsPerTaskManager: 2 });
    workDir = await mkdtemp(join(tmpdir(), 'sluice-mini-cluster-test-'));
  });
  after(async () => {
    await cluster.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('runs WordCount through execute() with exact results', async () => {
    const result = (await run('FileWordCount', [workDir, ...LINES])) as { jobName: string; netRuntime: number };
    assert.equal(result.jobName, 'File WordCount');
    assert.ok(result.netRuntime >= 0);
    const lines = (await readFile(join(workDir, 'counts'), 'utf8')).trim().split('\n');
    assert.deepEqual(finalCounts(lines.map((l) => [l.split(',')[0]!, Number(l.split(',')[1])])), countWords(LINES));
    assert.equal(lines.length, LINES.join(' ').split(' ').length, 'one rolling count per word');
  });

  it('runs WordCount through executeAndCollect() with exact results', async () => {
    const rolling = (await run('CollectWordCount', LINES)) as Count[];
    assert.equal(rolling.length, LINES.join(' ').split(' ').length);
    assert.deepEqual(finalCounts(rolling), countWords(LINES));
  });

  for (const parallelism of [1, 2, 4]) {
    for (const aggregation of ['sum', 'reduce']) {
      it(`${aggregation} at parallelism ${parallelism} counts the corpus as a plain loop does`, async () => {
        const rolling = (await run('CorpusCounts', [String(parallelism), aggregation, '2000'])) as Count[];
        assert.equal(rolling.length, 20_000);
        assert.deepEqual(finalCounts(rolling), countWords(corpus(2000)));
      });
    }
  }

  it('delivers every result, in order, to a client slower than the job', async () => {
    const results = (await run('SlowReader', ['200000'])) as number[];
    assert.equal(results.length, 200_000);
    assert.ok(results.every((n, i) => n === i + 1));
  });

  it('executeAndCollect(limit) returns the first records and cancels the job', async () => {
    assert.deepEqual(await run('FirstFive'), [1, 2, 3, 4, 5]);
    const jobs = await cluster.dispatcher.listJobs();
    assert.equal(jobs.find((j) => j.jobName === 'First five')?.state, 'CANCELED');
  });

  it("rejects execute() with the user's message, naming the operator", async () => {
    await assert.rejects(run('Throws'), (err: Error & { code: string }) => {
      assert.equal(err.code, 'USER_FUNCTION_FAILED');
      assert.match(err.message, /Map.* \(1\/1\) failed: cannot double 7$/, 'names the operator and subtask');
      assert.match(err.stack ?? '', /Caused by: Error: cannot double 7\n\s+at /);
      return true;
    });
  });

  it('rejects the collect iterator when the job fails', async () => {
    await assert.rejects(run('Throws', ['collect']), { code: 'USER_FUNCTION_FAILED', message: /cannot double 7/ });
  });

  it('fails a job whose graph differs between runs, saying the graph must be deterministic', async () => {
    await assert.rejects(run('RandomGraph'), { code: 'GRAPH_MISMATCH', message: /must build the same graph on every run/ });
  });
});
