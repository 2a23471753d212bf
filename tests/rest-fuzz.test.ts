/**
 * Thousands of random requests against a real JobManager (issue 5): random methods, paths built
 * from every route of the server's own `/v1/openapi.json` with wrong, missing or hostile
 * parameters, random query strings, random bodies (JSON of every shape, malformed JSON, wrong
 * content types, bytes) and sometimes a foreign `Origin`. No answer may be a server error: every
 * one is a success or a well-formed Flink error (`{"errors": ["..."]}` with a 4xx status; a 405
 * names the allowed methods), and the JobManager still serves `/overview` afterwards. First a bare
 * JobManager, then a cluster with a TaskManager, stored packages, and running and finished jobs,
 * whose ids fill most path parameters so that the handlers behind the id lookups are reached
 * (issue 11). The generator is seeded, so a failure names the seed and request that reproduce it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, TestCluster, alive, packageJob, waitFor, type SluiceProcess } from './helpers/processes.js';

const BARE_REQUESTS = 3000;
const CLUSTER_REQUESTS = 1500;
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const cluster = new TestCluster(['task.cancellation.timeout=1 s']);
let jobManager: SluiceProcess;
/** Path templates (`{param}`) of every route, plus one that does not exist. */
let routes: string[];
/** Real ids per path parameter name (`jobid`, `vertexid`, ...), once the cluster has some. */
const realIds: Record<string, string[]> = {};

before(async () => {
  jobManager = await cluster.startJobManager();
  const openapi = await cluster.getJson<{ paths: Record<string, unknown> }>('/v1/openapi.json');
  routes = [...Object.keys(openapi.paths), '/openapi.json', '/nothing/here'];
});

after(async () => {
  await cluster.stop();
});

/** mulberry32: small, fast, and the same sequence for the same seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (n: number): number => Math.floor(random() * n);

const IDS = [
  '0123456789abcdef0123456789abcdef', 'ffffffffffffffffffffffffffffffff', 'abc', '', '..', '../../etc/passwd', '%2e%2e%2f%2e%2e',
  'x'.repeat(300), '%00', '%ff%fe', '😀', '1e309', '-1', 'null', '__proto__', 'constructor', ' ', '%20%0a', '{}', '[]',
  '00000000-0000-0000-0000-000000000000_word-count.jar', 'word-count-1.0.jar',
];
const QUERY_KEYS = ['mode', 'maxExceptions', 'parallelism', 'entry-class', 'programArg', 'programArgs', 'jobId', 'savepointPath', 'allowNonRestoredState', 'get', '__proto__', ''];
const QUERY_VALUES = ['cancel', 'stop', '', '0', '-1', '1', '99999999999999999999', 'NaN', 'true', 'x'.repeat(200), '%00', 'a,b', '[]', '{"a":1}'];

/** A real id for the parameter most of the time (when there are some), a hostile one otherwise. */
function param(name: string): string {
  const real = realIds[name];
  return real && random() < 0.7 ? pick(real) : pick(IDS);
}

function randomPath(template = pick(routes)): string {
  let path = template.replace(/\{([a-z]+)\}/g, (_, name: string) => param(name));
  if (random() < 0.1) path = `/v1${path}`;
  if (random() < 0.05) path = path.replace(/\//g, '//');
  if (random() < 0.5) {
    const pairs = Array.from({ length: 1 + int(3) }, () => `${pick(QUERY_KEYS)}=${pick(QUERY_VALUES)}`);
    path += `?${pairs.join('&')}`;
  }
  return path;
}

function randomJson(depth = 0): unknown {
  const kind = int(depth > 2 ? 5 : 8);
  switch (kind) {
    case 0: return null;
    case 1: return random() < 0.5;
    case 2: return pick([0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, 32768, 100000]);
    case 3: return pick(['', 'x', 'WordCount', '😀', 'a'.repeat(1000), '--help', '"quoted" args', '\u0000']);
    case 4: return [];
    case 5: return Array.from({ length: int(4) }, () => randomJson(depth + 1));
    default: {
      const keys = ['entryClass', 'entry-class', 'programArgs', 'programArgsList', 'parallelism', 'jobId', 'savepointPath',
        'allowNonRestoredState', 'flinkConfiguration', 'offset', '__proto__', 'constructor', 'x'];
      return Object.fromEntries(Array.from({ length: int(5) }, () => [pick(keys), randomJson(depth + 1)]));
    }
  }
}

function randomBody(): { body?: RequestInit['body']; headers: Record<string, string> } {
  switch (int(6)) {
    case 0: return { headers: {} };
    case 1: return { body: JSON.stringify(randomJson()), headers: { 'content-type': 'application/json' } };
    case 2: return { body: pick(['{', '{"a":', '[1,2', 'null', 'undefined', '{"entryClass": }', '\u0000\u0001']), headers: { 'content-type': 'application/json' } };
    case 3: return { body: JSON.stringify(randomJson()), headers: { 'content-type': pick(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data', 'multipart/form-data; boundary=x']) } };
    case 4: {
      const form = new FormData();
      form.append(pick(['jarfile', 'file', 'jar', '']), new Blob([new Uint8Array(Array.from({ length: int(64) }, () => int(256)))]), pick(['a.jar', '../../evil.jar', 'x\u0001.jar', '', 'job.zip']));
      return { body: form, headers: {} };
    }
    default: return { body: new Uint8Array(Array.from({ length: int(200) }, () => int(256))), headers: { 'content-type': 'application/octet-stream' } };
  }
}

const ORIGINS = ['http://evil.example', 'null', 'http://localhost:1'];

/** Sends `count` random requests; returns the `METHOD template` pairs (HEAD and OPTIONS aside) that answered 2xx with ids in the path. */
async function fuzz(count: number, phase: string): Promise<Set<string>> {
  const reached = new Set<string>();
  for (let i = 0; i < count; i++) {
    const method = pick(['GET', 'GET', 'POST', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS']);
    const template = pick(routes);
    const path = randomPath(template);
    const { body, headers } = method === 'GET' || method === 'HEAD' ? { body: undefined, headers: {} } : randomBody();
    if (random() < 0.1) Object.assign(headers, { origin: pick(ORIGINS) });
    const what = `${phase} request ${i} of seed ${SEED}: ${method} ${path}`;
    const res = await fetch(`${cluster.restUrl}${path}`, { method, body, headers });
    const text = await res.text();
    assert.ok(res.status < 500, `${what} answered ${res.status}: ${text.slice(0, 500)}`);
    if (res.status === 405) assert.ok(res.headers.get('allow'), `${what}: a 405 without Allow`);
    if (res.status < 300 && template.includes('{') && method !== 'HEAD' && method !== 'OPTIONS') reached.add(`${method} ${template}`);
    if (res.status >= 400 && method !== 'HEAD') {
      let parsed: unknown;
      assert.doesNotThrow(() => (parsed = JSON.parse(text)), `${what}: the error is not JSON: ${text.slice(0, 200)}`);
      const errors = (parsed as { errors?: unknown }).errors;
      assert.ok(Array.isArray(errors) && errors.length > 0 && errors.every((e) => typeof e === 'string' && e.length > 0), `${what}: not Flink's error shape: ${text.slice(0, 200)}`);
    }
  }
  assert.ok(alive(jobManager.pid));
  return reached;
}

test(`${BARE_REQUESTS} random requests over every route of a bare JobManager: no server errors, every error well-formed, the JobManager still serves (seed ${SEED})`, async () => {
  await fuzz(BARE_REQUESTS, 'bare');
  const overview = await cluster.getJson<{ taskmanagers: number }>('/overview');
  assert.equal(overview.taskmanagers, 0);
  assert.ok(routes.length > 50, `only ${routes.length} routes in /v1/openapi.json`);
});

test(`${CLUSTER_REQUESTS} random requests against a TaskManager, stored packages, and running and finished jobs (seed ${SEED})`, async (t) => {
  await Promise.all([
    packageJob(join(ROOT, 'tests/fixtures/jobs/word-count.ts'), join(cluster.workDir, 'word-count.jar')),
    packageJob(join(ROOT, 'tests/fixtures/jobs/failover.ts'), join(cluster.workDir, 'failover.jar')),
  ]);
  const taskManager = await cluster.startTaskManager(2);
  const wordCount = await cluster.uploadJar(join(cluster.workDir, 'word-count.jar'));
  const failover = await cluster.uploadJar(join(cluster.workDir, 'failover.jar'));
  const finished = await cluster.runJar(wordCount, {});
  assert.equal((await cluster.waitForJobEnd(finished)).state, 'FINISHED');
  // Runs until the cluster stops (unless a random PATCH cancels it).
  const running = await cluster.runJar(failover, { entryClass: 'SlowCount', programArgsList: ['1000000000', '100', join(cluster.workDir, 'out')] });
  await waitFor(`job ${running} to run`, async () => {
    const job = await cluster.getJson<{ vertices: { status: string }[] }>(`/jobs/${running}`);
    return job.vertices.every((v) => v.status === 'RUNNING') ? true : undefined;
  });
  const vertexIds = await Promise.all([finished, running].map(async (id) => (await cluster.getJson<{ vertices: { id: string }[] }>(`/jobs/${id}`)).vertices.map((v) => v.id)));
  const taskManagers = (await cluster.getJson<{ taskmanagers: { id: string }[] }>('/taskmanagers')).taskmanagers.map((t) => t.id);
  Object.assign(realIds, {
    jobid: [finished, running], jarid: [wordCount, failover], vertexid: vertexIds.flat(), operatorid: vertexIds.flat(),
    taskmanagerid: taskManagers, subtaskindex: ['0', '1'], attempt: ['0'], checkpointid: ['1'], filename: ['x.log'],
  });

  const reached = await fuzz(CLUSTER_REQUESTS, 'cluster');
  assert.ok(alive(taskManager.pid));
  const overview = await cluster.getJson<{ taskmanagers: number }>('/overview');
  assert.equal(overview.taskmanagers, 1);
  const lookups = [...reached].filter((r) => r.startsWith('GET '));
  t.diagnostic(`answered 2xx with ids in the path: ${[...reached].sort().join(', ')}`);
  assert.ok(lookups.length >= 15, `only ${lookups.length} GET routes with ids answered 2xx: ${lookups.join(', ')}`);
});
