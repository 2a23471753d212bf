/** Resource requirements, rescale history and flame graphs of a job that runs at a fixed parallelism. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { archivedGraph, startHarness, type Harness } from './test-fixtures.js';

let h: Harness;
let jobId: string;
const VERTEX = 'a'.repeat(32);

before(async () => {
  h = await startHarness();
  jobId = h.dispatcher.add(archivedGraph({}, 'RUNNING', 3)).jobId;
});

after(() => h.close());

const get = async (url: string): Promise<{ status: number; body: any }> => {
  const res = await h.server.app.inject({ url });
  return { status: res.statusCode, body: res.json() };
};
const put = async (url: string, body: unknown): Promise<{ status: number; body: any }> => {
  const res = await h.server.app.inject({ method: 'PUT', url, payload: body as object });
  return { status: res.statusCode, body: res.json() };
};

test('resource requirements: each vertex at exactly its parallelism; only the same requirements are accepted', async () => {
  const current = await get(`/jobs/${jobId}/resource-requirements`);
  assert.deepEqual(current, { status: 200, body: { [VERTEX]: { parallelism: { lowerBound: 3, upperBound: 3 } } } });
  assert.deepEqual(await put(`/v1/jobs/${jobId}/resource-requirements`, current.body), { status: 200, body: {} });

  const rescale = await put(`/jobs/${jobId}/resource-requirements`, { [VERTEX]: { parallelism: { lowerBound: 1, upperBound: 5 } } });
  assert.equal(rescale.status, 400);
  assert.match(rescale.body.errors[0], /runs at a fixed parallelism: changing resource requirements needs Flink's adaptive scheduler/);
  const unknown = await put(`/jobs/${jobId}/resource-requirements`, { ['b'.repeat(32)]: { parallelism: { lowerBound: 1, upperBound: 1 } } });
  assert.deepEqual(unknown, { status: 400, body: { errors: [`Job ${jobId} has no vertex ${'b'.repeat(32)}`] } });
  assert.equal((await put(`/jobs/${jobId}/resource-requirements`, { [VERTEX]: { parallelism: { lowerBound: 0 } } })).status, 400);
  assert.equal((await get(`/jobs/${'f'.repeat(32)}/resource-requirements`)).status, 404);
});

test('rescales: nothing counted, empty history, Flink\'s 404 for details and config', async () => {
  const overview = await get(`/jobs/${jobId}/rescales/overview`);
  assert.deepEqual(overview.body, { rescalesCounts: { completed: 0, failed: 0, ignored: 0, inProgress: 0 }, latest: { completed: null, failed: null, ignored: null } });
  const summary = await get(`/jobs/${jobId}/rescales/summary`);
  assert.equal(summary.body.rescalesDurationStatsInMillis.p99, 0);
  assert.deepEqual((await get(`/jobs/${jobId}/rescales/history`)).body, []);
  const details = await get(`/jobs/${jobId}/rescales/details/some-uuid`);
  assert.equal(details.status, 404);
  assert.match(details.body.errors[0], /has no rescale some-uuid: Sluice runs jobs at a fixed parallelism/);
  assert.equal((await get(`/jobs/${jobId}/rescales/config`)).status, 404);
  assert.equal((await get(`/jobs/${'f'.repeat(32)}/rescales/history`)).status, 404);
});

test('flame graph: disabled, as Flink by default; unknown vertex 404, bad type 400', async () => {
  assert.deepEqual(await get(`/jobs/${jobId}/vertices/${VERTEX}/flamegraph?type=ON_CPU&subtaskindex=0`), { status: 200, body: { endTimestamp: -1, data: null } });
  assert.equal((await get(`/jobs/${jobId}/vertices/${'b'.repeat(32)}/flamegraph`)).status, 404);
  assert.equal((await get(`/jobs/${jobId}/vertices/${VERTEX}/flamegraph?type=WARM`)).status, 400);
});
