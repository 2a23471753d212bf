/** Resource requirements, the rescale routes and flame graphs over a fake Dispatcher. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { JobRescale } from '../protocol/rescales.js';
import { archivedGraph, startHarness, type Harness } from './test-fixtures.js';

let h: Harness;
let jobId: string;
let rescaledJobId: string;
const VERTEX = 'a'.repeat(32);

/** A rescale of VERTEX from 3 to `to` that ended `terminalState` after `durationMs`. */
function rescale(id: number, to: number, terminalState: JobRescale['terminalState'], durationMs: number): JobRescale {
  const ended = terminalState !== undefined;
  return {
    rescaleUuid: `uuid-${id}`,
    resourceRequirementsUuid: `req-${id}`,
    rescaleAttemptId: id,
    triggerCause: 'UPDATE_REQUIREMENT',
    startTimestampInMillis: 1000 * id,
    ...(ended && { endTimestampInMillis: 1000 * id + durationMs, terminalState, terminatedReason: terminalState === 'COMPLETED' ? 'SUCCEEDED' : terminalState === 'FAILED' ? 'EXCEPTION_OCCURRED' : 'NO_RESOURCES_OR_PARALLELISMS_CHANGE' }),
    vertices: {
      [VERTEX]: {
        jobVertexId: VERTEX, jobVertexName: 'Source', requiredParallelisms: { minParallelism: 1, parallelism: to, maxParallelism: 128 },
        preRescaleParallelism: 3, desiredParallelism: to, sufficientParallelism: 1, ...(ended && { postRescaleParallelism: terminalState === 'COMPLETED' ? to : 3 }),
      },
    },
    schedulerStates: [{ state: 'StopWithSavepoint', enterTimestampInMillis: 1000 * id, ...(ended && { leaveTimestampInMillis: 1000 * id + durationMs, durationInMillis: durationMs }) }],
  };
}

before(async () => {
  h = await startHarness();
  jobId = h.dispatcher.add(archivedGraph({}, 'RUNNING', 3)).jobId;
  rescaledJobId = h.dispatcher.add(archivedGraph({ rescales: [rescale(1, 4, 'COMPLETED', 300), rescale(2, 5, 'FAILED', 100), rescale(3, 6, 'IGNORED', 0), rescale(4, 2, undefined, 0)] }, 'RUNNING', 3)).jobId;
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

test('resource requirements: each vertex at exactly its parallelism', async () => {
  assert.deepEqual(await get(`/jobs/${jobId}/resource-requirements`), { status: 200, body: { [VERTEX]: { parallelism: { lowerBound: 3, upperBound: 3 } } } });
  assert.equal((await get(`/jobs/${'f'.repeat(32)}/resource-requirements`)).status, 404);
});

test('PUT resource requirements: handed to the job (-1 bounds too) and answered with an empty body; a malformed body is refused before', async () => {
  const body = { [VERTEX]: { parallelism: { lowerBound: -1, upperBound: 5 } } };
  assert.deepEqual(await put(`/v1/jobs/${jobId}/resource-requirements`, body), { status: 200, body: {} });
  assert.deepEqual(h.dispatcher.requirementUpdates.at(-1), { jobId, requirements: body });
  const updates = h.dispatcher.requirementUpdates.length;
  assert.equal((await put(`/jobs/${jobId}/resource-requirements`, { [VERTEX]: { parallelism: { lowerBound: 1 } } })).status, 400);
  assert.equal((await put(`/jobs/${jobId}/resource-requirements`, { [VERTEX]: { parallelism: { lowerBound: 1, upperBound: 2, step: 1 } } })).status, 400);
  assert.equal((await put(`/jobs/${jobId}/resource-requirements`, { 'not-a-vertex': { parallelism: { lowerBound: 1, upperBound: 2 } } })).status, 400);
  assert.equal(h.dispatcher.requirementUpdates.length, updates);
  assert.equal((await put(`/jobs/${'f'.repeat(32)}/resource-requirements`, body)).status, 404);
});

test('PUT resource requirements: the job\'s refusals keep their status and message (400 invalid, 409 cannot rescale now)', async () => {
  try {
    h.dispatcher.requirementUpdateError = SluiceError.user(ErrorCode.BAD_REQUEST, 'The requested lower bound [4] for job vertex [x] is higher than the upper bound [2].');
    assert.deepEqual(await put(`/jobs/${jobId}/resource-requirements`, { [VERTEX]: { parallelism: { lowerBound: 4, upperBound: 2 } } }), { status: 400, body: { errors: ['The requested lower bound [4] for job vertex [x] is higher than the upper bound [2].'] } });
    h.dispatcher.requirementUpdateError = SluiceError.user(ErrorCode.RESCALE_REFUSED, `Job ${jobId} cannot be rescaled: rescale u is in progress`);
    const busy = await put(`/jobs/${jobId}/resource-requirements`, { [VERTEX]: { parallelism: { lowerBound: 4, upperBound: 4 } } });
    assert.equal(busy.status, 409);
    assert.match(busy.body.errors[0], /rescale u is in progress/);
  } finally {
    h.dispatcher.requirementUpdateError = undefined;
  }
});

test('rescales of a job never rescaled: nothing counted, empty history, 404 for a rescale id, Sluice\'s rescale config', async () => {
  const overview = await get(`/jobs/${jobId}/rescales/overview`);
  assert.deepEqual(overview.body, { rescalesCounts: { completed: 0, failed: 0, ignored: 0, inProgress: 0 }, latest: { completed: null, failed: null, ignored: null } });
  const summary = await get(`/jobs/${jobId}/rescales/summary`);
  assert.equal(summary.body.rescalesDurationStatsInMillis.p99, 0);
  assert.deepEqual((await get(`/jobs/${jobId}/rescales/history`)).body, []);
  const details = await get(`/jobs/${jobId}/rescales/details/some-uuid`);
  assert.equal(details.status, 404);
  assert.match(details.body.errors[0], /has no rescale some-uuid/);
  const config = await get(`/jobs/${jobId}/rescales/config`);
  assert.equal(config.status, 200);
  assert.equal(config.body.schedulerExecutionMode, null);
  assert.equal(config.body.rescaleHistoryMax, 20);
  assert.equal((await get(`/jobs/${'f'.repeat(32)}/rescales/history`)).status, 404);
  assert.equal((await get(`/jobs/${'f'.repeat(32)}/rescales/config`)).status, 404);
});

test('rescales of a rescaled job: counts by terminal state, the latest of each, durations of the ended ones, newest first, details by uuid', async () => {
  const overview = (await get(`/jobs/${rescaledJobId}/rescales/overview`)).body;
  assert.deepEqual(overview.rescalesCounts, { completed: 1, failed: 1, ignored: 1, inProgress: 1 });
  assert.equal(overview.latest.completed.rescaleUuid, 'uuid-1');
  assert.equal(overview.latest.failed.vertices[VERTEX].postRescaleParallelism, 3);
  assert.equal(overview.latest.ignored.terminatedReason, 'NO_RESOURCES_OR_PARALLELISMS_CHANGE');
  const summary = (await get(`/jobs/${rescaledJobId}/rescales/summary`)).body;
  assert.deepEqual([summary.rescalesDurationStatsInMillis.min, summary.rescalesDurationStatsInMillis.max, summary.rescalesDurationStatsInMillis.avg], [0, 300, 133]);
  assert.equal(summary.completedRescalesDurationStatsInMillis.max, 300);
  assert.equal(summary.failedRescalesDurationStatsInMillis.p50, 100);
  const history = (await get(`/jobs/${rescaledJobId}/rescales/history`)).body;
  assert.deepEqual(history.map((r: JobRescale) => r.rescaleAttemptId), [4, 3, 2, 1]);
  assert.deepEqual([history[0].terminalState, history[0].endTimestampInMillis, history[0].vertices[VERTEX].postRescaleParallelism, history[0].schedulerStates[0].leaveTimestampInMillis], [null, null, null, null]);
  const details = await get(`/jobs/${rescaledJobId}/rescales/details/uuid-1`);
  assert.equal(details.status, 200);
  const { slotSharingGroupId, ...vertex } = details.body.vertices[VERTEX];
  assert.match(slotSharingGroupId, /^[0-9a-f]{32}$/);
  assert.deepEqual(vertex, { jobVertexId: VERTEX, jobVertexName: 'Source', slotSharingGroupName: 'default', requiredParallelisms: { minParallelism: 1, parallelism: 4, maxParallelism: 128 }, preRescaleParallelism: 3, desiredParallelism: 4, sufficientParallelism: 1, postRescaleParallelism: 4 });
  assert.deepEqual(details.body.slots, {});
});

test('flame graph: disabled, as Flink by default; unknown vertex 404, bad type 400', async () => {
  assert.deepEqual(await get(`/jobs/${jobId}/vertices/${VERTEX}/flamegraph?type=ON_CPU&subtaskindex=0`), { status: 200, body: { endTimestamp: -1, data: null } });
  assert.equal((await get(`/jobs/${jobId}/vertices/${'b'.repeat(32)}/flamegraph`)).status, 404);
  assert.equal((await get(`/jobs/${jobId}/vertices/${VERTEX}/flamegraph?type=WARM`)).status, 400);
});
