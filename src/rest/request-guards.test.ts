/**
 * The REST server's request guards (issue 11): cross-site requests, DNS rebinding, switched-off
 * submission, wrong methods, oversized headers and unknown body fields. Servers listen on
 * 127.0.0.1 with a free port, as the JobManager does by default.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { isLoopbackAddress } from './http/host-guard.js';
import { archivedGraph, startHarness, type Harness } from './test-fixtures.js';

const EVIL = 'http://evil.example';

/** A harness listening on 127.0.0.1; `base` is its URL. */
async function listening(config: Record<string, string> = {}): Promise<{ h: Harness; base: string; port: number }> {
  const h = await startHarness({ config });
  const port = await h.server.listen('127.0.0.1', 0);
  return { h, base: `http://127.0.0.1:${port}`, port };
}

/** A request with headers fetch does not let a caller set (Host); resolves status, headers and body. */
function rawRequest(port: number, method: string, path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject).end();
  });
}

/** Writes `bytes` on a fresh connection and resolves everything the server answers before closing it. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.setEncoding('utf8').on('data', (c: string) => (answer += c)).on('close', () => resolve(answer)).on('error', (err) => (answer ? resolve(answer) : reject(err)));
  });
}

function jarForm(name = 'job.jar'): FormData {
  const form = new FormData();
  form.append('jarfile', new Blob(['x']), name);
  return form;
}

describe('cross-site requests', () => {
  let h: Harness;
  let base: string;
  before(async () => ({ h, base } = await listening({ 'web.access-control-allow-origin': 'https://ui.example.com' })));
  after(() => h.close());

  test('an upload and a run from another origin are refused (403) and change nothing', async () => {
    const upload = await fetch(`${base}/jars/upload`, { method: 'POST', body: jarForm(), headers: { origin: EVIL } });
    assert.equal(upload.status, 403);
    assert.deepEqual(await upload.json(), { errors: [`Cross-origin request refused: Origin ${EVIL} is neither this server's origin (${base}) nor listed in web.access-control-allow-origin.`] });
    assert.equal(h.packages.built.length, 0);

    assert.equal((await fetch(`${base}/jars/upload`, { method: 'POST', body: jarForm() })).status, 200);
    for (const type of ['application/json', 'text/plain']) {
      const run = await fetch(`${base}/jars/job.jar/run`, { method: 'POST', body: '{}', headers: { origin: EVIL, 'content-type': type } });
      assert.equal(run.status, 403, type);
    }
    const cancel = await fetch(`${base}/jobs/${'a'.repeat(32)}`, { method: 'PATCH', headers: { origin: 'null' } });
    assert.equal(cancel.status, 403);
    assert.equal(h.dispatcher.submitted.length, 0);
  });

  test('the same origin, a listed origin and requests without Origin are accepted', async () => {
    const same = await fetch(`${base}/jars/upload`, { method: 'POST', body: jarForm(), headers: { origin: base } });
    assert.equal(same.status, 200);
    assert.equal(same.headers.get('access-control-allow-origin'), null);
    const listed = await fetch(`${base}/jars/job.jar/run`, { method: 'POST', body: '{}', headers: { origin: 'https://ui.example.com', 'content-type': 'application/json' } });
    assert.equal(listed.status, 200);
    assert.equal(listed.headers.get('access-control-allow-origin'), 'https://ui.example.com');
    const curl = await fetch(`${base}/jars/job.jar/run`, { method: 'POST' });
    assert.equal(curl.status, 200);
    assert.equal(h.dispatcher.submitted.length, 2);
    // Reading is not guarded (a browser keeps the answer from a page it has no CORS headers for).
    const read = await fetch(`${base}/jobs/overview`, { headers: { origin: EVIL } });
    assert.equal(read.status, 200);
    assert.equal(read.headers.get('access-control-allow-origin'), null);
  });

  test('preflights: a listed origin gets the CORS headers, another a 403', async () => {
    const ok = await fetch(`${base}/jars/job.jar/run`, { method: 'OPTIONS', headers: { origin: 'https://ui.example.com', 'access-control-request-method': 'POST' } });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://ui.example.com');
    assert.equal(ok.headers.get('access-control-allow-methods'), 'POST');
    assert.equal(ok.headers.get('access-control-allow-headers'), 'Content-Type');
    const refused = await fetch(`${base}/jars/job.jar/run`, { method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'POST' } });
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { errors: string[] }).errors[0]!, /evil\.example is not listed in web\.access-control-allow-origin/);
  });

  test('the legacy GET yarn-cancel from another site\'s page (a link or an image) is refused', async () => {
    const job = h.dispatcher.add(archivedGraph());
    const crossSite = await fetch(`${base}/jobs/${job.jobId}/yarn-cancel`, { headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(crossSite.status, 403);
    assert.match(((await crossSite.json()) as { errors: string[] }).errors[0]!, /Sec-Fetch-Site: cross-site/);
    assert.equal(h.dispatcher.jobs.get(job.jobId)!.state, 'RUNNING');
    const sameOrigin = await fetch(`${base}/jobs/${job.jobId}/yarn-cancel`, { headers: { 'sec-fetch-site': 'same-origin' } });
    assert.equal(sameOrigin.status, 202);
  });

  test('web.access-control-allow-origin: * allows every origin and answers *, as Flink', async () => {
    const open = await startHarness({ config: { 'web.access-control-allow-origin': '*' } });
    try {
      const res = await open.server.app.inject({ method: 'POST', url: '/jars/x.jar/run', headers: { origin: EVIL } });
      assert.equal(res.statusCode, 404);
      assert.equal(res.headers['access-control-allow-origin'], '*');
    } finally {
      await open.close();
    }
  });
});

describe('DNS rebinding', () => {
  let h: Harness;
  let port: number;
  before(async () => ({ h, port } = await listening({ 'rest.allowed-hosts': 'sluice.internal, Other.Example' })));
  after(() => h.close());

  test('bound to a loopback address, a foreign Host is refused (403) and loopback or listed names are served', async () => {
    const foreign = await rawRequest(port, 'GET', '/jobs/overview', { host: `rebound.example:${port}` });
    assert.equal(foreign.status, 403);
    assert.deepEqual(JSON.parse(foreign.body), { errors: ["Host 'rebound.example' refused: this server is bound to a loopback address and answers only loopback host names (localhost, 127.x.x.x, [::1]) and those listed in rest.allowed-hosts."] });
    assert.equal((await rawRequest(port, 'GET', '/', { host: 'rebound.example' })).status, 403);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `127.1.2.3:${port}`, `[::1]:${port}`, 'LOCALHOST', `sluice.internal:${port}`, 'other.example']) {
      assert.equal((await rawRequest(port, 'GET', '/jobs/overview', { host })).status, 200, host);
    }
  });

  test('which bind addresses count as loopback', () => {
    for (const a of ['127.0.0.1', '127.0.1.1', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) assert.ok(isLoopbackAddress(a), a);
    for (const a of ['0.0.0.0', '::', '10.0.0.5', 'example.com', '128.0.0.1']) assert.ok(!isLoopbackAddress(a), a);
  });
});

describe('web.submit.enable: false', () => {
  let h: Harness;
  before(async () => { h = await startHarness({ config: { 'web.submit.enable': 'false' } }); });
  after(() => h.close());

  test('removes the jar routes from the REST API (404), at /v1 and unversioned', async () => {
    const routes: [string, string][] = [['GET', '/jars'], ['POST', '/jars/upload'], ['POST', '/jars/x.jar/run'], ['POST', '/jars/x.jar/plan'], ['GET', '/jars/x.jar/plan'], ['DELETE', '/jars/x.jar']];
    for (const [method, path] of routes) {
      for (const url of [path, `/v1${path}`]) {
        const res = await h.server.app.inject({ method: method as 'GET', url });
        assert.equal(res.statusCode, 404, `${method} ${url}`);
        assert.deepEqual(res.json(), { errors: [`Not found: ${url} (job submission is disabled: web.submit.enable is false).`] });
      }
    }
    assert.equal(h.packages.built.length, 0);
    const openapi = (await h.server.app.inject({ url: '/v1/openapi.json' })).json() as { paths: Record<string, unknown> };
    assert.deepEqual(Object.keys(openapi.paths).filter((p) => p.startsWith('/jars')), []);
  });

  test('web.cancel.enable: false removes the cancel routes (404, at /v1 and unversioned); the job keeps running', async () => {
    const noCancel = await startHarness({ config: { 'web.cancel.enable': 'false' } });
    try {
      const job = noCancel.dispatcher.add(archivedGraph({ state: 'RUNNING' }));
      for (const [method, path] of [['PATCH', `/jobs/${job.jobId}?mode=cancel`], ['GET', `/jobs/${job.jobId}/yarn-cancel`]] as const) {
        for (const url of [path, `/v1${path}`]) {
          const res = await noCancel.server.app.inject({ method, url });
          assert.equal(res.statusCode, 404, `${method} ${url}`);
          assert.deepEqual(res.json(), { errors: [`Not found: ${url.split('?')[0]} (job cancellation is disabled: web.cancel.enable is false).`] });
        }
      }
      assert.equal(noCancel.dispatcher.jobs.get(job.jobId)?.state, 'RUNNING');
      assert.equal(((await noCancel.server.app.inject({ url: '/config' })).json() as { features: Record<string, boolean> }).features['web-cancel'], false);
      const openapi = (await noCancel.server.app.inject({ url: '/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
      assert.equal(openapi.paths['/jobs/{jobid}']?.patch, undefined);
      assert.equal(openapi.paths['/jobs/{jobid}/yarn-cancel'], undefined);
    } finally {
      await noCancel.close();
    }
  });
});

describe('wrong methods, oversized headers and unknown fields', () => {
  let h: Harness;
  let base: string;
  let port: number;
  before(async () => ({ h, base, port } = await listening()));
  after(() => h.close());

  test('a wrong method on a known path is 405 with Allow, in Flink\'s error shape', async () => {
    const cases: [string, string, string][] = [
      ['DELETE', '/taskmanagers', 'GET, HEAD'],
      ['POST', '/v1/overview', 'GET, HEAD'],
      ['GET', '/jars/upload', 'DELETE, POST'],
      ['PUT', `/jobs/${'a'.repeat(32)}`, 'GET, HEAD, PATCH'],
      ['PUT', '/jars/x.jar/plan', 'GET, HEAD, POST'],
    ];
    for (const [method, path, allow] of cases) {
      const res = await fetch(`${base}${path}?x=1`, { method });
      assert.equal(res.status, 405, `${method} ${path}`);
      assert.equal(res.headers.get('allow'), allow, `${method} ${path}`);
      assert.deepEqual(await res.json(), { errors: [`Method ${method} is not allowed on ${path}: it answers ${allow}.`] });
    }
    const options = await fetch(`${base}/taskmanagers`, { method: 'OPTIONS' });
    assert.deepEqual([options.status, options.headers.get('allow')], [204, 'GET, HEAD']);
    assert.equal((await fetch(`${base}/no/such/path`, { method: 'DELETE' })).status, 404);
  });

  test('headers over Node\'s limit are 431 and a malformed request is 400, both in Flink\'s error shape', async () => {
    const big = await rawExchange(port, `GET /overview HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    assert.match(big, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    const body = JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4)) as { errors: string[] };
    assert.match(body.errors[0]!, /^The request's headers are larger than the server accepts \(\d+ bytes in all\)\.$/);
    const bad = await rawExchange(port, 'NOT A REQUEST\r\n\r\n');
    assert.match(bad, /^HTTP\/1\.1 400 Bad Request\r\n/);
    assert.match(JSON.parse(bad.slice(bad.indexOf('\r\n\r\n') + 4)).errors[0], /^Bad request: not a valid HTTP request/);
    assert.equal((await fetch(`${base}/overview`)).status, 200);
  });

  test('an unknown body field is a 400 naming it, as Flink\'s strict request mapper', async () => {
    const json = { 'content-type': 'application/json' };
    const run = await h.server.app.inject({ method: 'POST', url: '/jars/x.jar/run', headers: json, payload: { entryClass: 'A', parallelizm: 2 } });
    assert.equal(run.statusCode, 400);
    assert.deepEqual(run.json(), { errors: ["Request did not match expected format JarRunRequestBody: unknown field 'parallelizm' (known fields: entryClass, programArgs, programArgsList, parallelism, jobId, flinkConfiguration, savepointPath, allowNonRestoredState, restoreMode, claimMode)."] });

    const job = h.dispatcher.add(archivedGraph());
    const vertex = job.vertices[0]!.id;
    const requirements = await h.server.app.inject({
      method: 'PUT', url: `/jobs/${job.jobId}/resource-requirements`, headers: json,
      payload: { [vertex]: { parallelism: { lowerBound: 2, upperBound: 2, step: 1 } } },
    });
    assert.equal(requirements.statusCode, 400);
    assert.deepEqual(requirements.json(), { errors: [`Request did not match expected format JobResourceRequirementsBody: unknown field '${vertex}.parallelism.step'.`] });

    const collect = await h.server.app.inject({ method: 'POST', url: `/jobs/${job.jobId}/coordinators/${vertex}`, headers: json, payload: { offset: 0, limit: 5 } });
    assert.equal(collect.statusCode, 400);
    assert.match(collect.json().errors[0], /^Request did not match expected format ClientCoordinationRequestBody: unknown field 'limit'/);
    assert.equal(h.dispatcher.submitted.length, 0);
  });
});
