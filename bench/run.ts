/**
 * `npm run bench`: WordCount over a Zipf corpus on real clusters, beside a hand-written loop,
 * with the results written to docs/benchmarks.md. See docs/benchmarks.md for what is measured.
 *
 *   BENCH_WORDS=<n>         corpus size (default 20,000,000; e.g. 2000000 for a quick check)
 *   BENCH_VERIFY_WORDS=<n>  size of the verification run that compares every count (default 200,000)
 *   BENCH_REPEATS=<n>       rounds of measurements; the median run is reported (default 3)
 *   BENCH_SUBMISSIONS=<n>   sequential submissions of the lifecycle benchmark (default 200)
 *   BENCH_MEMORY_JOBS=<n>   finished jobs before the JobManager's memory is read (default 500)
 *   BENCH_FAILOVER_ROUNDS=<n>  TaskManager kills per heartbeat setting (default 5)
 *   npm run bench -- --only wordcount|lifecycle   one of the two benchmarks
 *   npm run bench -- --profile   profile the WordCount TaskManagers instead
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, packageJob } from '../tests/helpers/processes.js';
import { runOnCluster, type ClusterConfig, type ClusterResult } from './cluster-run.js';
import { bundleLoop, runLoop, type LoopResult } from './loop-run.js';
import { describeMachine } from './machine.js';
import { profileMarkdown, profilingLaunch, summarizeProfiles } from './profile.js';
import { runLifecycle } from './lifecycle.js';
import { lifecycleMarkdown } from './lifecycle-report.js';
import { goals, passed, resultsMarkdown, writeSection, type BenchResults } from './report.js';
import { zipfCorpus } from './zipf-corpus.js';

const WORDS = Number(process.env.BENCH_WORDS ?? 20_000_000);
const VERIFY_WORDS = Math.min(WORDS, Number(process.env.BENCH_VERIFY_WORDS ?? 200_000));
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 200);
const MEMORY_JOBS = Number(process.env.BENCH_MEMORY_JOBS ?? 500);
const FAILOVER_ROUNDS = Number(process.env.BENCH_FAILOVER_ROUNDS ?? 5);
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const DOC = join(ROOT, 'docs/benchmarks.md');

const P1: ClusterConfig = { name: 'parallelism 1', taskManagerSlots: [1], parallelism: 1 };
const P2_ONE_TM: ClusterConfig = { name: 'parallelism 2, one TaskManager (2 slots)', taskManagerSlots: [2], parallelism: 2 };
const P2_TWO_TMS: ClusterConfig = { name: 'parallelism 2, two TaskManagers (1 slot each)', taskManagerSlots: [1, 1], parallelism: 2 };
/** The goals compare these in this order (see report.ts). */
const CONFIGS = [P1, P2_ONE_TM, P2_TWO_TMS];

const log = (message: string): void => console.log(`[bench] ${message}`);

async function main(): Promise<void> {
  if (ONLY !== undefined && ONLY !== 'wordcount' && ONLY !== 'lifecycle') throw new Error(`--only takes wordcount or lifecycle, got ${ONLY}`);
  if (ONLY !== 'lifecycle') await wordCount();
  if (ONLY !== 'wordcount' && !process.argv.includes('--profile')) await lifecycle();
}

async function lifecycle(): Promise<void> {
  for (const [name, n] of Object.entries({ BENCH_SUBMISSIONS: SUBMISSIONS, BENCH_MEMORY_JOBS: MEMORY_JOBS, BENCH_FAILOVER_ROUNDS: FAILOVER_ROUNDS })) {
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${n}`);
  }
  if (MEMORY_JOBS <= SUBMISSIONS) throw new Error('BENCH_MEMORY_JOBS must be larger than BENCH_SUBMISSIONS');
  const work = mkdtempSync(join(tmpdir(), 'sluice-bench-lifecycle-'));
  try {
    const results = await runLifecycle(work, { submissions: SUBMISSIONS, jobsForMemory: MEMORY_JOBS, failoverRounds: FAILOVER_ROUNDS, log });
    const markdown = lifecycleMarkdown(results, describeMachine(ROOT));
    writeSection(DOC, 'lifecycle', markdown);
    console.log(`\n${markdown}\n\nWritten to ${DOC}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function wordCount(): Promise<void> {
  if (!Number.isSafeInteger(WORDS) || WORDS < 1) throw new Error(`BENCH_WORDS must be a positive integer, got ${process.env.BENCH_WORDS}`);
  if (!Number.isSafeInteger(REPEATS) || REPEATS < 1) throw new Error(`BENCH_REPEATS must be a positive integer, got ${process.env.BENCH_REPEATS}`);
  const work = mkdtempSync(join(tmpdir(), 'sluice-bench-run-'));
  try {
    log(`corpus of ${WORDS} words`);
    const corpus = zipfCorpus(WORDS);
    const jar = join(work, 'bench-wordcount.jar');
    await packageJob(fileURLToPath(new URL('./wordcount-job.ts', import.meta.url)), jar);
    if (process.argv.includes('--profile')) return await profile(jar, corpus);
    const loopScript = await bundleLoop(work);
    const verification = await verify(jar, loopScript, work);
    const { loopRuns, clusterRuns } = await measure(jar, loopScript, corpus);
    const results: BenchResults = { machine: describeMachine(ROOT), words: WORDS, corpusBytes: statSync(corpus).size, loopRuns, clusterRuns, verification };
    const markdown = resultsMarkdown(results);
    writeSection(DOC, 'results', markdown);
    console.log(`\n${markdown}\n\nWritten to ${DOC}`);
    const wrong = verification.mismatches.length > 0 || clusterRuns.flat().some((c) => c.wordsCounted !== WORDS);
    if (wrong) process.exitCode = 1;
    log(goals(results).every(passed) ? 'all goals met' : 'some goals missed');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Every configuration REPEATS times, in rounds rather than one configuration after the other, so
 * a slow spell of a shared machine does not fall on one configuration only.
 */
async function measure(jar: string, loopScript: string, corpus: string): Promise<Pick<BenchResults, 'loopRuns' | 'clusterRuns'>> {
  const loopRuns: LoopResult[] = [];
  const clusterRuns: ClusterResult[][] = CONFIGS.map(() => []);
  for (let round = 1; round <= REPEATS; round++) {
    log(`round ${round} of ${REPEATS}: hand-written loop`);
    const loop = await runLoop(loopScript, corpus);
    if (loop.words !== WORDS) throw new Error(`The loop counted ${loop.words} words, the corpus has ${WORDS}`);
    loopRuns.push(loop);
    for (const [i, config] of CONFIGS.entries()) {
      log(`round ${round} of ${REPEATS}: ${config.name}`);
      clusterRuns[i]!.push(await runOnCluster(config, jar, [corpus]));
    }
  }
  return { loopRuns, clusterRuns };
}

/** A small corpus at parallelism 2 on two TaskManagers: every word's final count against the loop's. */
async function verify(jar: string, loopScript: string, work: string): Promise<BenchResults['verification']> {
  log(`verification run, ${VERIFY_WORDS} words`);
  const corpus = zipfCorpus(VERIFY_WORDS);
  const countsDir = join(work, 'counts');
  mkdirSync(countsDir);
  const loopCounts = join(work, 'loop-counts.json');
  await runLoop(loopScript, corpus, loopCounts);
  await runOnCluster(P2_TWO_TMS, jar, [corpus, countsDir]);
  const expected = readCounts(loopCounts);
  const actual = new Map<string, number>();
  for (const file of readdirSync(countsDir)) {
    for (const [word, count] of readCounts(join(countsDir, file))) {
      if (actual.has(word)) throw new Error(`'${word}' was counted by two subtasks`);
      actual.set(word, count);
    }
  }
  const mismatches: string[] = [];
  for (const word of new Set([...expected.keys(), ...actual.keys()])) {
    if (expected.get(word) !== actual.get(word)) mismatches.push(`${word}: ${actual.get(word)} (loop: ${expected.get(word)})`);
  }
  return { words: VERIFY_WORDS, mismatches };
}

function readCounts(file: string): Map<string, number> {
  return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>));
}

/**
 * Runs every configuration with the tick profiler on its TaskManagers. The tick
 * logs are kept for a closer look.
 */
async function profile(jar: string, corpus: string): Promise<void> {
  const m = describeMachine(ROOT);
  const sections = [`Profiled on ${m.date.slice(0, 10)} at commit ${m.revision}, ${m.cores} cores, Node.js ${m.node}.`];
  const profiles = mkdtempSync(join(tmpdir(), 'sluice-bench-profile-'));
  for (const config of CONFIGS) {
    const dir = join(profiles, `p${config.parallelism}-${config.taskManagerSlots.length}tm`);
    mkdirSync(dir);
    log(`profiling ${config.name}`);
    await runOnCluster(config, jar, [corpus], profilingLaunch(dir));
    sections.push(profileMarkdown(config.name, WORDS, summarizeProfiles(dir)));
  }
  const markdown = sections.join('\n\n');
  writeSection(DOC, 'profile', markdown);
  console.log(`\n${markdown}\n\nWritten to ${DOC}; the tick logs are in ${profiles}`);
}

await main();
