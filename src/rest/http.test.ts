import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from './test-fixtures.js';

describe('REST conventions', () => {
  let h: Harness;
  before(async () => { h = await startHarness({ config: { 'rest.server.max-content-length': '1 kb' } }); });
  after(() => h.close());

  test('unknown routes are 404 in Flink\'s error shape, with and without /v1', async () => {
    for (const url of ['/nope?x=1', '/v1/jobs/overview/extra']) {
      const res = await h.server.app.inject({ url });
      assert.equal(res.statusCode, 404);
      assert.deepEqual(res.json(), { errors: [`Not found: ${url.split('?')[0]}`] });
    }
  });

  test('every route is mounted at <path> and /v1/<path>', async () => {
    for (const path of ['/overview', '/jobs', '/jobs/overview', '/jars', '/taskmanagers', '/config', '/jobmanager/config']) {
      assert.equal((await h.server.app.inject({ url: path })).statusCode, 200, path);
      assert.equal((await h.server.app.inject({ url: `/v1${path}` })).statusCode, 200, `/v1${path}`);
    }
  });

  test('an unreachable dispatcher is 503', async () => {
    h.dispatcher.unreachable = true;
    try {
      const res = await h.server.app.inject({ url: '/jobs/overview' });
      assert.equal(res.statusCode, 503);
      assert.deepEqual(res.json(), { errors: ['Dispatcher at 127.0.0.1:6123 is unreachable'] });
    } finally {
      h.dispatcher.unreachable = false;
    }
  });

  test('anything unexpected is 500', async () => {
    const original = h.dispatcher.listJobs;
    h.dispatcher.listJobs = async () => { throw new TypeError('x is undefined'); };
    try {
      const res = await h.server.app.inject({ url: '/jobs' });
      assert.equal(res.statusCode, 500);
      assert.deepEqual(res.json(), { errors: ['Internal server error.', 'x is undefined'] });
    } finally {
      h.dispatcher.listJobs = original;
    }
  });

  test('bodies above rest.server.max-content-length are 413', async () => {
    const res = await h.server.app.inject({
      method: 'POST', url: '/jars/x.jar/run', headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ programArgsList: ['x'.repeat(2000)] }),
    });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().errors.length, 1);
  });

  test('a body is parsed only when declared as JSON: another content type is 415, an empty body passes', async () => {
    const post = (contentType: string | undefined, payload: string) => h.server.app.inject({
      method: 'POST', url: '/jars/x.jar/run', payload, headers: contentType === undefined ? {} : { 'content-type': contentType },
    });
    // What a web page can send to another site without a preflight: refused before it is read as JSON.
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded']) {
      const res = await post(type, '{"parallelism":2}');
      assert.equal(res.statusCode, 415, type);
      assert.deepEqual(res.json(), { errors: [`The request body is not declared as JSON (Content-Type ${type.split(';')[0]}): send JSON with Content-Type: application/json.`] });
    }
    const untyped = await post(undefined, '{"parallelism":2}');
    assert.equal(untyped.statusCode, 415);
    assert.match(untyped.json().errors[0], /no Content-Type/);
    // A form post to any route but /jars/upload is refused too (multipart is parsed only there).
    const form = await post('multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n');
    assert.equal(form.statusCode, 415);
    assert.equal(h.dispatcher.submitted.length, 0);
    for (const type of ['application/json; charset=utf-8', 'application/vnd.flink+json', 'APPLICATION/JSON']) {
      const res = await post(type, '{"parallelism":0}');
      assert.deepEqual([res.statusCode, res.json()], [400, { errors: ["Invalid request body field 'parallelism': must be >= 1"] }], type);
    }
    // curl -X POST: no body (or a blank one) with any content type is no body.
    for (const type of [undefined, 'text/plain', 'application/x-www-form-urlencoded']) {
      assert.equal((await post(type, ' ')).statusCode, 404, `${type}: the unknown jar, not the body`);
    }
    const poisoned = await h.server.app.inject({
      method: 'POST', url: '/jars/x.jar/run', headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"a":1}}',
    });
    assert.equal(poisoned.statusCode, 400);
  });
});
