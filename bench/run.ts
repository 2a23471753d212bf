/**
 * `npm run bench`: WordCount over a Zipf corpus on real clusters, beside a hand-written loop; the
 * cluster lifecycle; the REST API under load. Results are written to docs/benchmarks.md, which
 * says what is measured.
 *
 *   BENCH_WORDS=<n>         corpus size (default 20,000,000; e.g. 2000000 for a quick check)
 *   BENCH_VERIFY_WORDS=<n>  size of the verification run that compares every count (default 200,000)
 *   BENCH_REPEATS=<n>       rounds of measurements; the median run is reported (default 3)
 *   BENCH_SUBMISSIONS=<n>   sequential submissions of the lifecycle benchmark (default 200)
 *   BENCH_MEMORY_JOBS=<n>   finished jobs before the JobManager's memory is read (default 500)
 *   BENCH_FAILOVER_ROUNDS=<n>  TaskManager kills per heartbeat setting (default 5)
 *   BENCH_REST_JOBS=<n>     finished jobs in the job store while the REST routes are loaded (default 1,000)
 *   BENCH_REST_CONCURRENCY=<n>  jobs run at a time to make them; the TaskManager's slots (default 4)
 *   BENCH_REST_DURATION=<s> seconds measured per route and per ceiling (default 10)
 *   BENCH_REST_WARMUP=<s>   seconds of load before each measurement (default 2)
 *   BENCH_REST_CONNECTIONS=<n>  autocannon connections (default 10)
 *   BENCH_REST_PIPELINING=<n>   requests in flight per connection (default 1)
 *   BENCH_UPLOAD_MB=<n>     MiB of filler in the large upload (default 200)
 *   BENCH_STATE_KEYS=<n>    keys of heap state in the checkpoint benchmark's large-state job (default 1,000,000)
 *   BENCH_CHECKPOINTS=<n>   completed checkpoints of that job measured (default 10)
 *   BENCH_BACKEND_WORDS=<n> WordCount corpus of the state backend comparison (default 5,000,000)
 *   BENCH_BACKEND_RECORDS=<n>  records of the keyed-state job in that comparison (default 5,000,000)
 *   BENCH_REST_CPU_PROF=<dir>  run the REST benchmark's JobManager under node --cpu-prof, profile written to <dir>
 *   npm run bench -- --only wordcount|lifecycle|rest|checkpoints|state   one of the benchmarks
 *   npm run bench -- --profile   profile the WordCount TaskManagers instead
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, packageJob } from '../tests/helpers/processes.js';
import { checkpointGoalsMet, checkpointMarkdown } from './checkpoint-report.js';
import { runCheckpointBench } from './checkpoints.js';
import { runOnCluster, type ClusterConfig, type ClusterResult } from './cluster-run.js';
import { bundleLoop, runLoop, type LoopResult } from './loop-run.js';
import { describeMachine } from './machine.js';
import { profileMarkdown, profilingLaunch, summarizeProfiles } from './profile.js';
import { runLifecycle } from './lifecycle.js';
import { runStateBench } from './state-backends.js';
import { stateMarkdown } from './state-report.js';
import { lifecycleMarkdown } from './lifecycle-report.js';
import { runRest } from './rest.js';
import { restGoals, restMarkdown } from './rest-report.js';
import { goals, passed, resultsMarkdown, writeSection, type BenchResults } from './report.js';
import { zipfCorpus } from './zipf-corpus.js';

const WORDS = Number(process.env.BENCH_WORDS ?? 20_000_000);
const VERIFY_WORDS = Math.min(WORDS, Number(process.env.BENCH_VERIFY_WORDS ?? 200_000));
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const SUBMISSIONS = Number(process.env.BENCH_SUBMISSIONS ?? 200);
const MEMORY_JOBS = Number(process.env.BENCH_MEMORY_JOBS ?? 500);
const FAILOVER_ROUNDS = Number(process.env.BENCH_FAILOVER_ROUNDS ?? 5);
const REST_JOBS = Number(process.env.BENCH_REST_JOBS ?? 1000);
const REST_CONCURRENCY = Number(process.env.BENCH_REST_CONCURRENCY ?? 4);
const REST_DURATION = Number(process.env.BENCH_REST_DURATION ?? 10);
const REST_WARMUP = Number(process.env.BENCH_REST_WARMUP ?? 2);
const REST_CONNECTIONS = Number(process.env.BENCH_REST_CONNECTIONS ?? 10);
const REST_PIPELINING = Number(process.env.BENCH_REST_PIPELINING ?? 1);
const UPLOAD_MB = Number(process.env.BENCH_UPLOAD_MB ?? 200);
const STATE_KEYS = Number(process.env.BENCH_STATE_KEYS ?? 1_000_000);
const CHECKPOINTS = Number(process.env.BENCH_CHECKPOINTS ?? 10);
const BACKEND_WORDS = Number(process.env.BENCH_BACKEND_WORDS ?? 5_000_000);
const BACKEND_RECORDS = Number(process.env.BENCH_BACKEND_RECORDS ?? 5_000_000);
const BENCHMARKS = ['wordcount', 'lifecycle', 'rest', 'checkpoints', 'state'];
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const DOC = join(ROOT, 'docs/benchmarks.md');

const P1: ClusterConfig = { name: 'parallelism 1', taskManagerSlots: [1], parallelism: 1 };
const P2_ONE_TM: ClusterConfig = { name: 'parallelism 2, one TaskManager (2 slots)', taskManagerSlots: [2], parallelism: 2 };
const P2_TWO_TMS: ClusterConfig = { name: 'parallelism 2, two TaskManagers (1 slot each)', taskManagerSlots: [1, 1], parallelism: 2 };
/** The goals compare these in this order (see report.ts). */
const CONFIGS = [P1, P2_ONE_TM, P2_TWO_TMS];

const log = (message: string): void => console.log(`[bench] ${message}`);

async function main(): Promise<void> {
  if (ONLY !== undefined && !BENCHMARKS.includes(ONLY)) throw new Error(`--only takes ${BENCHMARKS.join(', ')}; got ${ONLY}`);
  const runs = (name: string): boolean => ONLY === undefined || ONLY === name;
  if (runs('wordcount')) await wordCount();
  if (process.argv.includes('--profile')) return;
  if (runs('lifecycle')) await lifecycle();
  if (runs('rest')) await rest();
  if (runs('checkpoints')) await checkpoints();
  if (runs('state')) await state();
}

async function state(): Promise<void> {
  requirePositiveIntegers({ BENCH_BACKEND_WORDS: BACKEND_WORDS, BENCH_BACKEND_RECORDS: BACKEND_RECORDS, BENCH_REPEATS: REPEATS, BENCH_STATE_KEYS: STATE_KEYS, BENCH_CHECKPOINTS: CHECKPOINTS });
  const work = mkdtempSync(join(tmpdir(), 'sluice-bench-state-'));
  try {
    const corpus = zipfCorpus(BACKEND_WORDS);
    const wordCountJar = join(work, 'bench-wordcount.jar');
    const keyedStateJar = join(work, 'keyed-state.jar');
    await packageJob(fileURLToPath(new URL('./wordcount-job.ts', import.meta.url)), wordCountJar);
    await packageJob(fileURLToPath(new URL('./keyed-state-job.ts', import.meta.url)), keyedStateJar);
    const results = await runStateBench(work, { wordCountJar, corpus, keyedStateJar, keys: STATE_KEYS, records: BACKEND_RECORDS, checkpoints: Math.min(CHECKPOINTS, 5), repeats: REPEATS, log });
    const markdown = stateMarkdown(results, describeMachine(ROOT), BACKEND_WORDS);
    writeSection(DOC, 'state', markdown);
    console.log(`\n${markdown}\n\nWritten to ${DOC}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function checkpoints(): Promise<void> {
  requirePositiveIntegers({ BENCH_WORDS: WORDS, BENCH_REPEATS: REPEATS, BENCH_STATE_KEYS: STATE_KEYS, BENCH_CHECKPOINTS: CHECKPOINTS });
  const work = mkdtempSync(join(tmpdir(), 'sluice-bench-checkpoints-'));
  try {
    const corpus = zipfCorpus(WORDS);
    const wordCountJar = join(work, 'bench-wordcount.jar');
    await packageJob(fileURLToPath(new URL('./wordcount-job.ts', import.meta.url)), wordCountJar);
    const results = await runCheckpointBench(work, { wordCountJar, corpus, repeats: REPEATS, keys: STATE_KEYS, checkpoints: CHECKPOINTS, log });
    const markdown = checkpointMarkdown(results, describeMachine(ROOT), WORDS);
    writeSection(DOC, 'checkpoints', markdown);
    console.log(`\n${markdown}\n\nWritten to ${DOC}`);
    log(checkpointGoalsMet(results) ? 'all checkpoint goals met' : 'some checkpoint goals missed');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Throws unless every named value is a positive integer. */
function requirePositiveIntegers(values: Record<string, number>): void {
  for (const [name, n] of Object.entries(values)) {
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${n}`);
  }
}

async function rest(): Promise<void> {
  requirePositiveIntegers({ BENCH_REST_JOBS: REST_JOBS, BENCH_REST_CONCURRENCY: REST_CONCURRENCY, BENCH_REST_DURATION: REST_DURATION, BENCH_REST_CONNECTIONS: REST_CONNECTIONS, BENCH_REST_PIPELINING: REST_PIPELINING, BENCH_UPLOAD_MB: UPLOAD_MB });
  if (!Number.isSafeInteger(REST_WARMUP) || REST_WARMUP < 0) throw new Error(`BENCH_REST_WARMUP must be a whole number of seconds, got ${REST_WARMUP}`);
  const work = mkdtempSync(join(tmpdir(), 'sluice-bench-rest-'));
  try {
    const results = await runRest(work, {
      jobs: REST_JOBS,
      concurrency: REST_CONCURRENCY,
      load: { connections: REST_CONNECTIONS, pipelining: REST_PIPELINING, durationSeconds: REST_DURATION, warmupSeconds: REST_WARMUP },
      uploadBytes: UPLOAD_MB * 2 ** 20,
      cpuProfileDir: process.env.BENCH_REST_CPU_PROF,
      log,
    });
    const markdown = restMarkdown(results, describeMachine(ROOT));
    writeSection(DOC, 'rest', markdown);
    console.log(`\n${markdown}\n\nWritten to ${DOC}`);
    log(restGoals(results).every((g) => g.pass) ? 'all REST goals met' : 'some REST goals missed');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function lifecycle(): Promise<void> {
  requirePositiveIntegers({ BENCH_SUBMISSIONS: SUBMISSIONS, BENCH_MEMORY_JOBS: MEMORY_JOBS, BENCH_FAILOVER_ROUNDS: FAILOVER_ROUNDS });
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
    const result = await runOnCluster(config, jar, [corpus], profilingLaunch(dir));
    sections.push(profileMarkdown(config.name, WORDS, summarizeProfiles(dir), result.taskManagerThreads));
  }
  const markdown = sections.join('\n\n');
  writeSection(DOC, 'profile', markdown);
  console.log(`\n${markdown}\n\nWritten to ${DOC}; the tick logs are in ${profiles}`);
}

await main();
