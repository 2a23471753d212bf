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

  test('any content type is read as JSON, as Flink does', async () => {
    const res = await h.server.app.inject({
      method: 'POST', url: '/jars/x.jar/run', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '{"parallelism":0}',
    });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), { errors: ["Invalid request body field 'parallelism': must be >= 1"] });
    const poisoned = await h.server.app.inject({
      method: 'POST', url: '/jars/x.jar/run', headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"a":1}}',
    });
    assert.equal(poisoned.statusCode, 400);
  });
});
