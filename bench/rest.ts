/**
 * The REST benchmark (issue 5), on real processes: a JobManager and one TaskManager from
 * `bin/sluice.js`, many finished jobs in the job store, then
 * - each measured route loaded with autocannon, and right after it a bare Fastify server in its
 *   own process answering the same bytes from a constant (the ceiling) under the same load;
 * - the JobManager's RSS while a large job package is streamed to `POST /jars/upload`
 *   (before the jobs are made, so garbage from them cannot be collected meanwhile and hide growth);
 * - an upload over the default `web.upload.max-size`, on a second JobManager: answered 413, early.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebOptions } from '../src/common/config/options.js';
import { ROOT, SluiceProcess, TestCluster, packageJob, waitFor } from '../tests/helpers/processes.js';
import { writeBigPackage } from './big-package.js';
import { makeFinishedJobs } from './rest-jobs.js';
import { loadTest, type LoadResult, type LoadSettings } from './rest-load.js';
import { measureUploadMemory, streamUpload, type UploadMemory, type UploadOutcome } from './upload-memory.js';

export interface RestBenchOptions {
  /** Finished jobs in the job store while the routes are measured. */
  jobs: number;
  /** Jobs run at a time while making them (the TaskManager has this many slots). */
  concurrency: number;
  load: LoadSettings;
  /** Size of the large upload's filler, bytes. */
  uploadBytes: number;
  /** When set, the JobManager runs under `node --cpu-prof` and writes its profile here when stopped. */
  cpuProfileDir?: string;
  log(message: string): void;
}

/** A route of the JobManager and its ceiling, under the same load. */
export interface RouteResult {
  route: string;
  /** Bytes of the answer's body (the ceiling answers the same bytes). */
  bodyBytes: number;
  measured: LoadResult;
  ceiling: LoadResult;
}

export interface RestResults {
  jobs: number;
  /** Time to make the finished jobs, ms. */
  jobsMs: number;
  concurrency: number;
  load: LoadSettings;
  routes: RouteResult[];
  upload: UploadMemory;
  /** `web.upload.max-size` of the JobManager the large package went to. */
  uploadLimit: number;
  overLimit: { outcome: UploadOutcome; limit: number };
  /** The whole benchmark, ms. */
  totalMs: number;
}

const CEILING_SERVER = fileURLToPath(new URL('./rest-ceiling-server.ts', import.meta.url));

/** Runs the benchmark; `work` holds the job packages and bodies. */
export async function runRest(work: string, opts: RestBenchOptions): Promise<RestResults> {
  const started = performance.now();
  const jar = join(work, 'wordcount.jar');
  await packageJob(join(ROOT, 'examples/wordcount.ts'), jar);
  const bigJar = join(work, 'big-job.jar');
  opts.log(`writing a job package with ${(opts.uploadBytes / 2 ** 20).toFixed(0)} MiB of filler`);
  await writeBigPackage(jar, bigJar, opts.uploadBytes);
  // Room for the package and its multipart framing.
  const uploadLimit = opts.uploadBytes + 2 ** 20;
  const cluster = new TestCluster(['jobstore.expiration-time=24 h', `web.upload.max-size=${uploadLimit}`]);
  let measured: Omit<RestResults, 'overLimit' | 'totalMs'>;
  try {
    const jm = await cluster.startJobManager(false, opts.cpuProfileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`] } : {});
    await cluster.startTaskManager(opts.concurrency);
    const jarId = await cluster.uploadJar(jar);
    opts.log('streaming the large package to POST /jars/upload');
    const upload = await measureUploadMemory(cluster.restUrl, jm.pid, bigJar);
    if (upload.upload.status !== 200) throw new Error(`The large upload was answered ${upload.upload.status}: ${upload.upload.body}`);
    await deleteJar(cluster.restUrl, upload.upload.body);
    opts.log(`making ${opts.jobs} finished jobs, ${opts.concurrency} at a time`);
    const jobsStarted = performance.now();
    const ids = await makeFinishedJobs(cluster, jarId, opts.jobs, opts.concurrency, opts.log);
    const jobsMs = performance.now() - jobsStarted;
    // A job reports FINISHED just before the Dispatcher moves it to the job store.
    await waitFor(`${opts.jobs} finished jobs in /overview`, async () =>
      ((await cluster.getJson<{ 'jobs-finished': number }>('/overview'))['jobs-finished'] === opts.jobs ? true : undefined));
    const routes: RouteResult[] = [];
    for (const [route, path] of [['GET /overview', '/overview'], ['GET /jobs/:id', `/jobs/${ids[0]}`], ['GET /jobs/overview', '/jobs/overview']] as const) {
      opts.log(`${route}: the JobManager, then the ceiling, ${opts.load.warmupSeconds} + ${opts.load.durationSeconds} s each`);
      routes.push(await measureRoute(route, cluster.restUrl, path, jm.pid, work, opts.load));
    }
    measured = { jobs: opts.jobs, jobsMs, concurrency: opts.concurrency, load: opts.load, routes, upload, uploadLimit };
  } finally {
    await cluster.stop();
  }
  opts.log('an upload over the default web.upload.max-size');
  const overLimit = await uploadOverDefaultLimit(bigJar);
  return { ...measured, overLimit, totalMs: performance.now() - started };
}

async function measureRoute(route: string, restUrl: string, path: string, jmPid: number, work: string, load: LoadSettings): Promise<RouteResult> {
  const res = await fetch(`${restUrl}${path}`);
  const body = await res.text();
  if (!res.ok) throw new Error(`${route}: ${res.status} ${body}`);
  const bodyFile = join(work, 'ceiling-body.json');
  writeFileSync(bodyFile, body);
  const measured = checked(route, await loadTest(`${restUrl}${path}`, jmPid, load));
  const ceiling = await startCeiling(bodyFile);
  try {
    return { route, bodyBytes: Buffer.byteLength(body), measured, ceiling: checked(`${route} ceiling`, await loadTest(ceiling.url, ceiling.process.pid, load)) };
  } finally {
    await ceiling.process.stop();
  }
}

function checked(what: string, r: LoadResult): LoadResult {
  if (r.errors > 0 || r.non2xx > 0) throw new Error(`${what}: ${r.errors} errors and ${r.non2xx} answers other than 2xx under load`);
  return r;
}

/** Starts the bare Fastify server answering `bodyFile`'s content. */
async function startCeiling(bodyFile: string): Promise<{ process: SluiceProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CEILING_SERVER, bodyFile], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const server = new SluiceProcess('ceiling', child);
  try {
    const port = await waitFor('the ceiling server', () => {
      if (child.exitCode !== null) throw new Error(`The ceiling server exited with code ${child.exitCode}: ${server.stderr}`);
      const line = server.stdout.split('\n').find((l) => l.startsWith('{'));
      return line ? (JSON.parse(line) as { port: number }).port : undefined;
    });
    return { process: server, url: `http://127.0.0.1:${port}/ceiling` };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

/** Deletes the jar named in an upload's answer (`{"filename": "<dir>/<id>"}`). */
async function deleteJar(restUrl: string, uploadAnswer: string): Promise<void> {
  const id = (JSON.parse(uploadAnswer) as { filename: string }).filename.split('/').pop()!;
  const res = await fetch(`${restUrl}/jars/${id}`, { method: 'DELETE' });
  if (!res.ok) throw new Error(`DELETE /jars/${id}: ${res.status} ${await res.text()}`);
}

/** The large package against a JobManager with the default limit: must be 413. */
async function uploadOverDefaultLimit(bigJar: string): Promise<RestResults['overLimit']> {
  const cluster = new TestCluster();
  try {
    await cluster.startJobManager();
    const outcome = await streamUpload(`${cluster.restUrl}/jars/upload`, bigJar);
    return { outcome, limit: WebOptions.UPLOAD_MAX_SIZE.defaultValue };
  } finally {
    await cluster.stop();
  }
}
