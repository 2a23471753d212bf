/**
 * Thousands of random requests against a real JobManager (issue 5): random methods, paths built
 * from every route of the server's own `/v1/openapi.json` with wrong, missing or hostile parameters, random query strings, and random
 * bodies (JSON of every shape, malformed JSON, wrong content types, bytes). No answer may be a
 * server error: every one is a success or a well-formed Flink error (`{"errors": ["..."]}` with a
 * 4xx status), and the JobManager still serves `/overview` afterwards. The generator is seeded, so
 * a failure names the seed and request that reproduce it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestCluster, alive, type SluiceProcess } from './helpers/processes.js';

const REQUESTS = 3000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const cluster = new TestCluster();
let jobManager: SluiceProcess;
/** Path templates (`{param}`) of every route, plus one that does not exist. */
let routes: string[];

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

function randomPath(): string {
  let path = pick(routes).replace(/\{[a-z]+\}/g, () => pick(IDS));
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

test(`${REQUESTS} random requests over every route: no server errors, every error well-formed, the JobManager still serves (seed ${SEED})`, async () => {
  for (let i = 0; i < REQUESTS; i++) {
    const method = pick(['GET', 'GET', 'POST', 'POST', 'PATCH', 'DELETE', 'PUT', 'HEAD', 'OPTIONS']);
    const path = randomPath();
    const { body, headers } = method === 'GET' || method === 'HEAD' ? { body: undefined, headers: {} } : randomBody();
    const what = `request ${i} of seed ${SEED}: ${method} ${path}`;
    const res = await fetch(`${cluster.restUrl}${path}`, { method, body, headers });
    const text = await res.text();
    assert.ok(res.status < 500, `${what} answered ${res.status}: ${text.slice(0, 500)}`);
    if (res.status >= 400 && method !== 'HEAD') {
      let parsed: unknown;
      assert.doesNotThrow(() => (parsed = JSON.parse(text)), `${what}: the error is not JSON: ${text.slice(0, 200)}`);
      const errors = (parsed as { errors?: unknown }).errors;
      assert.ok(Array.isArray(errors) && errors.length > 0 && errors.every((e) => typeof e === 'string' && e.length > 0), `${what}: not Flink's error shape: ${text.slice(0, 200)}`);
    }
  }
  assert.ok(alive(jobManager.pid));
  const overview = await cluster.getJson<{ taskmanagers: number }>('/overview');
  assert.equal(overview.taskmanagers, 0);
  assert.ok(routes.length > 50, `only ${routes.length} routes in /v1/openapi.json`);
});
