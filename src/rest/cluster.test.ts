import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { archivedGraph, startHarness, type Harness } from './test-fixtures.js';

describe('cluster endpoints', () => {
  let h: Harness;
  const get = async (url: string): Promise<{ status: number; body: any }> => {
    const res = await h.server.app.inject({ url });
    return { status: res.statusCode, body: res.json() };
  };

  before(async () => {
    h = await startHarness({ config: { 'web.submit.enable': 'false', 'web.refresh-interval': '5 s', 's3.access-token': 'xyz', 'rest.port': '9091' } });
  });
  after(() => h.close());

  test('GET /overview: ClusterOverviewWithVersion', async () => {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const { status, body } = await get('/overview');
    assert.equal(status, 200);
    assert.equal(typeof body['flink-commit'], 'string');
    assert.deepEqual({ ...body, 'flink-commit': undefined }, {
      taskmanagers: 1, 'slots-total': 4, 'slots-available': 3, 'jobs-running': 1, 'jobs-finished': 2,
      'jobs-cancelled': 3, 'jobs-failed': 4, 'flink-version': version, 'flink-commit': undefined,
      'slots-free-and-blocked': 0, 'taskmanagers-blocked': 0,
    });
    assert.deepEqual((await get('/v1/overview')).body, body);
  });

  test('GET /taskmanagers and /taskmanagers/:id', async () => {
    const { body } = await get('/taskmanagers');
    const [tm] = body.taskmanagers;
    assert.equal(tm.id, 'b'.repeat(32));
    assert.equal(tm.path, 'sluice.tcp://127.0.0.1:40001/taskexecutor');
    assert.equal(tm.dataPort, 40002);
    assert.equal(tm.jmxPort, -1);
    assert.equal(tm.timeSinceLastHeartbeat, 1_700_000_000_000);
    assert.equal(tm.slotsNumber, 4);
    assert.equal(tm.freeSlots, 3);
    assert.equal(tm.blocked, false);
    assert.deepEqual(tm.hardware, { cpuCores: 2, physicalMemory: 8e9, freeMemory: 1e9, managedMemory: 5e8 });
    assert.equal(tm.totalResource.cpuCores, 0);
    assert.deepEqual(tm.freeResource.extendedResources, {});
    assert.equal(tm.memoryConfiguration.managedMemory, 5e8);
    assert.equal(tm.memoryConfiguration.totalProcessMemory, 0);

    const details = await get(`/taskmanagers/${tm.id}`);
    assert.equal(details.status, 200);
    assert.equal(details.body.id, tm.id);
    assert.deepEqual(details.body.allocatedSlots.map((s: { jobId: string }) => s.jobId), ['c'.repeat(32)]);
    assert.equal(details.body.assignedTasks, 2);
    assert.equal(details.body.metrics.heapUsed, 1000);
    assert.equal(details.body.metrics.mappedMax, 0);
    // Flink 1.x's deprecated network-segment fields, next to their nettyShuffle* successors.
    assert.equal(details.body.metrics.memorySegmentsAvailable, 0);
    assert.equal(details.body.metrics.memorySegmentsTotal, 0);
    assert.deepEqual(details.body.metrics.garbageCollectors, [{ name: 'Scavenge', count: 3, time: 7 }]);
    const unknown = await get('/taskmanagers/nope');
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body.errors, ['Could not find TaskExecutor nope.']);
  });

  test('GET /config: the Web UI configuration', async () => {
    const { body } = await get('/config');
    assert.equal(body['refresh-interval'], 5000);
    assert.equal(typeof body['timezone-name'], 'string');
    assert.equal(body['timezone-offset'], 0 - new Date().getTimezoneOffset() * 60_000);
    assert.equal(body['flink-version'], (await get('/overview')).body['flink-version']);
    assert.equal(typeof body['flink-revision'], 'string');
    assert.deepEqual(body.features, { 'web-submit': false, 'web-cancel': true, 'web-rescale': true, 'web-history': false });
  });

  test('GET /jobmanager/config: effective entries with secrets hidden', async () => {
    const { body } = await get('/jobmanager/config');
    const entries = new Map((body as { key: string; value: string }[]).map((e) => [e.key, e.value]));
    assert.equal(entries.get('rest.port'), '9091');
    assert.equal(entries.get('taskmanager.numberOfTaskSlots'), '1');
    assert.equal(entries.get('s3.access-token'), '******');
    assert.deepEqual(Object.keys(body[0]), ['key', 'value']);
  });

  test('GET /jobmanager/environment, and a job\'s JobManager config and environment (the cluster\'s)', async () => {
    const { status, body } = await get('/jobmanager/environment');
    assert.equal(status, 200);
    assert.match(body.jvm.version, /^Node\.js v\d+\.\d+\.\d+ \(V8 /);
    assert.equal(typeof body.jvm.arch, 'string');
    assert.ok(Array.isArray(body.jvm.options));
    assert.deepEqual(body.classpath, []);
    const job = h.dispatcher.add(archivedGraph());
    assert.deepEqual((await get(`/jobs/${job.jobId}/jobmanager/environment`)).body, body);
    assert.deepEqual((await get(`/jobs/${job.jobId}/jobmanager/config`)).body, (await get('/jobmanager/config')).body);
    assert.equal((await get(`/jobs/${'0'.repeat(32)}/jobmanager/config`)).status, 404);
    assert.equal((await get('/jobs/nope/jobmanager/environment')).status, 400);
  });
});
