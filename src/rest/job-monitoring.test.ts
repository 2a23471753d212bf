import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ArchivedExecutionGraph, TaskIORates } from '../protocol/execution-graph-info.js';
import { archivedGraph, checkpointStats, startHarness, type Harness } from './test-fixtures.js';

const SOURCE = 'a'.repeat(32);
const SINK = 'c'.repeat(32);
const LONG_MIN = '-9223372036854775808';

const rates = (backPressured: number, measuredAt: number): TaskIORates => ({
  numRecordsInPerSecond: 0, numRecordsOutPerSecond: 2.5, numBytesInPerSecond: 0, numBytesOutPerSecond: 40,
  busyTimeMsPerSecond: 1000 - backPressured - 100, idleTimeMsPerSecond: 100, backPressuredTimeMsPerSecond: backPressured, measuredAt,
});

/**
 * A running job: a source of parallelism 2 (subtask 0 backpressured 600 ms/s, subtask 1 100 ms/s)
 * feeding a sink of parallelism 2 whose subtask 1 has not been deployed yet.
 */
function twoVertexJob(overrides: Partial<ArchivedExecutionGraph> = {}): ArchivedExecutionGraph {
  const g = archivedGraph(overrides);
  g.vertices[0]!.subtasks[0]!.rates = rates(600, 5000);
  g.vertices[0]!.subtasks[1]!.rates = rates(100, 5200);
  const sink = archivedGraph({}, 'RUNNING').vertices[0]!;
  sink.subtasks[1] = { ...sink.subtasks[1]!, state: 'SCHEDULED', stateTimestamps: { CREATED: 1001, SCHEDULED: 1002 } };
  g.vertices.push({ ...sink, id: SINK, name: 'Sink: print' });
  g.plan = {
    ...g.plan,
    nodes: [
      { id: SOURCE, parallelism: 2, operator: '', operator_strategy: '', description: 'Source', inputs: [], optimizer_properties: {} },
      { id: SINK, parallelism: 2, operator: '', operator_strategy: '', description: 'Sink', optimizer_properties: {}, inputs: [{ num: 0, id: SOURCE, ship_strategy: 'HASH', local_strategy: 'NONE', caching: 'NONE', exchange: 'pipelined_bounded' }] },
    ],
  };
  return g;
}

describe('job monitoring endpoints', () => {
  let h: Harness;
  let job: ArchivedExecutionGraph;
  const get = async (url: string): Promise<{ status: number; body: any }> => {
    const res = await h.server.app.inject({ url });
    return { status: res.statusCode, body: res.json() };
  };
  const vertexUrl = (vertex: string, path = ''): string => `/jobs/${job.jobId}/vertices/${vertex}${path}`;

  before(async () => {
    h = await startHarness();
    job = h.dispatcher.add(twoVertexJob());
  });
  after(() => h.close());

  describe('GET .../vertices/:vertexid/metrics', () => {
    test('lists the ids of every subtask\'s task metrics, prefixed with the subtask index, as a bare array', async () => {
      const { status, body } = await get(vertexUrl(SOURCE, '/metrics'));
      assert.equal(status, 200);
      const ids = (body as { id: string }[]).map((m) => m.id);
      for (const name of ['numRecordsIn', 'numRecordsOut', 'numBytesIn', 'numBytesOut', 'accumulateBusyTimeMs', 'accumulateIdleTimeMs', 'accumulateBackPressuredTimeMs',
        'numRecordsInPerSecond', 'numRecordsOutPerSecond', 'numBytesInPerSecond', 'numBytesOutPerSecond', 'busyTimeMsPerSecond', 'idleTimeMsPerSecond', 'backPressuredTimeMsPerSecond']) {
        assert.ok(ids.includes(`0.${name}`) && ids.includes(`1.${name}`), name);
      }
      assert.ok((body as object[]).every((m) => Object.keys(m).join() === 'id'));
      assert.ok(!ids.some((id) => id.endsWith('currentInputWatermark')), 'a source has no input watermark');
    });

    test('?get= answers the selected values as strings, in the order asked, leaving unknown ids out', async () => {
      const { body } = await get(`/v1${vertexUrl(SOURCE, '/metrics')}?get=1.accumulateBusyTimeMs,0.numRecordsOut,0.nope,0.backPressuredTimeMsPerSecond`);
      assert.deepEqual(body, [
        { id: '1.accumulateBusyTimeMs', value: '6' },
        { id: '0.numRecordsOut', value: '20' },
        { id: '0.backPressuredTimeMsPerSecond', value: '600' },
      ]);
    });

    test('a subtask that has not been deployed has no metrics; the consumer\'s input watermark is Long.MIN_VALUE', async () => {
      const { body } = await get(`${vertexUrl(SINK, '/metrics')}?get=0.currentInputWatermark,1.numRecordsIn,0.numRecordsIn,0.numRecordsInPerSecond`);
      assert.deepEqual(body, [{ id: '0.currentInputWatermark', value: LONG_MIN }, { id: '0.numRecordsIn', value: '10' }]);
    });
  });

  describe('GET .../subtasks/metrics', () => {
    test('aggregates min, max, avg, sum and skew as numbers over the subtasks by default', async () => {
      const { status, body } = await get(`${vertexUrl(SOURCE, '/subtasks/metrics')}?get=accumulateBusyTimeMs,backPressuredTimeMsPerSecond,nope`);
      assert.equal(status, 200);
      assert.deepEqual(body, [
        { id: 'accumulateBusyTimeMs', min: 5, max: 6, avg: 5.5, sum: 11, skew: (0.5 / 5.5) * 100 },
        { id: 'backPressuredTimeMsPerSecond', min: 100, max: 600, avg: 350, sum: 700, skew: (250 / 350) * 100 },
      ]);
    });

    test('?agg= picks aggregations (any case), ?subtasks= picks subtasks by ranges; without ?get= the ids are listed', async () => {
      const picked = await get(`${vertexUrl(SOURCE, '/subtasks/metrics')}?get=backPressuredTimeMsPerSecond&agg=MAX,sum&subtasks=1-3`);
      assert.deepEqual(picked.body, [{ id: 'backPressuredTimeMsPerSecond', max: 100, sum: 100 }]);
      const listed = await get(vertexUrl(SINK, '/subtasks/metrics'));
      assert.ok((listed.body as { id: string }[]).some((m) => m.id === 'currentInputWatermark'));
      assert.ok((listed.body as { id: string }[]).every((m) => !m.id.includes('.') && Object.keys(m).join() === 'id'));
    });

    test('an unknown aggregation or a malformed range is a 400', async () => {
      const agg = await get(`${vertexUrl(SOURCE, '/subtasks/metrics')}?agg=median`);
      assert.equal(agg.status, 400);
      assert.match(agg.body.errors[0], /'agg': 'median' is not one of min, max, avg, sum, skew/);
      for (const ranges of ['x', '3-1', '1-']) {
        const res = await get(`${vertexUrl(SOURCE, '/subtasks/metrics')}?subtasks=${ranges}`);
        assert.equal(res.status, 400, ranges);
        assert.match(res.body.errors[0], /Invalid query parameter 'subtasks'/);
      }
    });
  });

  describe('GET .../subtasks/:subtaskindex/metrics', () => {
    test('has the subtask\'s metrics without prefix; an undeployed subtask has none; a missing one is a 404', async () => {
      const one = await get(`${vertexUrl(SOURCE, '/subtasks/0/metrics')}?get=numRecordsOutPerSecond,numBytesOut`);
      assert.deepEqual(one.body, [{ id: 'numRecordsOutPerSecond', value: '2.5' }, { id: 'numBytesOut', value: '200' }]);
      assert.deepEqual((await get(vertexUrl(SINK, '/subtasks/1/metrics'))).body, []);
      const missing = await get(vertexUrl(SOURCE, '/subtasks/2/metrics'));
      assert.equal(missing.status, 404);
      assert.match(missing.body.errors[0], /has 2 subtasks; there is no subtask 2/);
    });
  });

  describe('GET .../watermarks', () => {
    test('the input watermark of each deployed subtask of a consumer; none for a source', async () => {
      assert.deepEqual((await get(vertexUrl(SINK, '/watermarks'))).body, [{ id: '0.currentInputWatermark', value: LONG_MIN }]);
      assert.deepEqual((await get(vertexUrl(SOURCE, '/watermarks'))).body, []);
    });
  });

  describe('GET .../backpressure', () => {
    test('levels from the back-pressured share (ok <= 0.1 < low <= 0.5 < high), under both names Flink 1.16+ writes, with every field of the spec', async () => {
      const { status, body } = await get(vertexUrl(SOURCE, '/backpressure'));
      assert.equal(status, 200);
      assert.deepEqual(body, {
        status: 'ok',
        'backpressure-level': 'high',
        backpressureLevel: 'high',
        'end-timestamp': 5200,
        subtasks: [
          { subtask: 0, 'attempt-number': 0, 'backpressure-level': 'high', backpressureLevel: 'high', ratio: 0.6, idleRatio: 0.1, busyRatio: 0.3, 'other-concurrent-attempts': [] },
          { subtask: 1, 'attempt-number': 0, 'backpressure-level': 'ok', backpressureLevel: 'ok', ratio: 0.1, idleRatio: 0.1, busyRatio: 0.8, 'other-concurrent-attempts': [] },
        ],
      });
      const low = h.dispatcher.add(twoVertexJob());
      low.vertices[0]!.subtasks[0]!.rates = rates(500, 5000);
      assert.equal((await get(`/jobs/${low.jobId}/vertices/${SOURCE}/backpressure`)).body['backpressure-level'], 'low');
    });

    test('a vertex without measured rates answers Flink\'s "deprecated" status only', async () => {
      assert.deepEqual((await get(vertexUrl(SINK, '/backpressure'))).body, { status: 'deprecated' });
    });
  });

  describe('accumulators', () => {
    test('are empty in Flink\'s shapes for a vertex, its subtasks and the job', async () => {
      assert.deepEqual((await get(vertexUrl(SOURCE, '/accumulators'))).body, { id: SOURCE, 'user-accumulators': [] });
      assert.deepEqual((await get(vertexUrl(SOURCE, '/subtasks/accumulators'))).body, {
        id: SOURCE,
        parallelism: 2,
        subtasks: [0, 1].map((i) => ({ subtask: i, attempt: 0, endpoint: '(unassigned)', host: '(unassigned)', 'user-accumulators': [] })),
      });
      assert.deepEqual((await get(`/jobs/${job.jobId}/accumulators?includeSerializedValue=true`)).body, {
        'job-accumulators': [], 'user-task-accumulators': [], 'serialized-user-task-accumulators': {},
      });
    });
  });

  describe('job metrics', () => {
    test('numRestarts, uptime and downtime as Flink\'s job gauges', async () => {
      const { body } = await get(`/jobs/${job.jobId}/metrics`);
      assert.deepEqual(body, [{ id: 'numRestarts' }, { id: 'uptime' }, { id: 'downtime' }]);
      const values = new Map(((await get(`/jobs/${job.jobId}/metrics?get=numRestarts,uptime,downtime`)).body as { id: string; value: string }[]).map((m) => [m.id, m.value]));
      assert.equal(values.get('numRestarts'), '0');
      assert.ok(Number(values.get('uptime')) > 0);
      assert.equal(values.get('downtime'), '0');

      const restarting = h.dispatcher.add(archivedGraph({ state: 'RESTARTING', stateTimestamps: { INITIALIZING: 1000, RUNNING: 1010, RESTARTING: 1500 } }));
      restarting.vertices[0]!.subtasks.forEach((s) => (s.attemptNumber = 3));
      const r = new Map(((await get(`/jobs/${restarting.jobId}/metrics?get=numRestarts,uptime,downtime`)).body as { id: string; value: string }[]).map((m) => [m.id, m.value]));
      assert.deepEqual([r.get('numRestarts'), r.get('uptime')], ['3', '0']);
      assert.ok(Number(r.get('downtime')) > 0);

      const ended = h.dispatcher.add(archivedGraph({ state: 'FINISHED', stateTimestamps: { INITIALIZING: 1000, RUNNING: 1010, FINISHED: 1100 } }, 'FINISHED'));
      assert.deepEqual((await get(`/jobs/${ended.jobId}/metrics?get=uptime,downtime`)).body, [{ id: 'uptime', value: '-1' }, { id: 'downtime', value: '-1' }]);
    });

    test('GET /jobs/metrics aggregates over all jobs or the ?jobs= selected', async () => {
      const restarted = h.dispatcher.add(archivedGraph());
      restarted.vertices[0]!.subtasks.forEach((s) => (s.attemptNumber = 4));
      const both = await get(`/jobs/metrics?get=numRestarts&agg=max,sum&jobs=${job.jobId},${restarted.jobId}`);
      assert.deepEqual(both.body, [{ id: 'numRestarts', max: 4, sum: 4 }]);
      const all = await get('/v1/jobs/metrics?get=numRestarts&agg=max');
      assert.ok(all.body[0].max >= 4);
      const bad = await get('/jobs/metrics?jobs=nope');
      assert.equal(bad.status, 400);
      assert.match(bad.body.errors[0], /'jobs': 'nope' is not a 32-character hexadecimal job id/);
    });
  });

  describe('checkpoints', () => {
    test('the configuration of a checkpointing job is its settings, with every field of CheckpointConfigInfo', async () => {
      const checkpointing = h.dispatcher.add(archivedGraph({ checkpointStats: checkpointStats() }));
      const { status, body } = await get(`/jobs/${checkpointing.jobId}/checkpoints/config`);
      assert.equal(status, 200);
      assert.deepEqual(body, {
        mode: 'EXACTLY_ONCE', interval: 5000, timeout: 60_000, min_pause: 100, max_concurrent: 1,
        externalization: { enabled: true, delete_on_cancellation: false },
        state_backend: 'HashMapStateBackend', checkpoint_storage: 'FileSystemCheckpointStorage', unaligned_checkpoints: false,
        tolerable_failed_checkpoints: 2, aligned_checkpoint_timeout: 0, checkpoints_after_tasks_finish: true,
        state_changelog_enabled: false, changelog_periodic_materialization_interval: 600_000, changelog_storage: 'memory',
      });
    });

    test('the details of a checkpoint have its tasks; an unknown checkpoint id is Flink\'s 404', async () => {
      const checkpointing = h.dispatcher.add(archivedGraph({ checkpointStats: checkpointStats() }));
      const { status, body } = await get(`/jobs/${checkpointing.jobId}/checkpoints/details/3`);
      assert.equal(status, 200);
      assert.equal(body.className, 'failed');
      assert.deepEqual(body.tasks, {
        [SOURCE]: {
          id: 3, status: 'FAILED', latest_ack_timestamp: 20_010, checkpointed_size: 600, state_size: 600, end_to_end_duration: 10,
          alignment_buffered: 0, processed_data: 7, persisted_data: 0, num_subtasks: 2, num_acknowledged_subtasks: 1,
        },
      });
      const unknown = await get(`/jobs/${checkpointing.jobId}/checkpoints/details/7`);
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body, { errors: ['Could not find checkpointing statistics for checkpoint 7.'] });
    });

    test('the subtasks of a task of a checkpoint: figures of each acknowledged one, pending_or_failed for the others, and their summary', async () => {
      const checkpointing = h.dispatcher.add(archivedGraph({ checkpointStats: checkpointStats() }));
      const { status, body } = await get(`/jobs/${checkpointing.jobId}/checkpoints/details/2/subtasks/${SOURCE}`);
      assert.equal(status, 200);
      assert.equal(body.num_acknowledged_subtasks, 2);
      assert.deepEqual(body.subtasks[1], {
        className: 'completed', index: 1, status: 'completed', ack_timestamp: 15_300, end_to_end_duration: 300, state_size: 500, checkpointed_size: 500,
        checkpoint: { sync: 5, async: 20 }, alignment: { buffered: 0, processed: 7, persisted: 0, duration: 3 }, start_delay: 3,
        unaligned_checkpoint: false, aborted: false,
      });
      assert.deepEqual(body.summary.end_to_end_duration, { min: 20, max: 300, avg: 160, p50: 20, p90: 300, p95: 300, p99: 300, p999: 300 });
      assert.deepEqual(body.summary.checkpoint_duration.async.max, 20);
      assert.deepEqual(Object.keys(body.summary).sort(), ['alignment', 'checkpoint_duration', 'checkpointed_size', 'end_to_end_duration', 'start_delay', 'state_size']);
      const pending = await get(`/jobs/${checkpointing.jobId}/checkpoints/details/4/subtasks/${SOURCE}`);
      assert.deepEqual(pending.body.subtasks[1], { className: 'pending', index: 1, status: 'pending_or_failed' });
      const noTask = await get(`/jobs/${checkpointing.jobId}/checkpoints/details/2/subtasks/${SINK}`);
      assert.equal(noTask.status, 404);
      assert.deepEqual(noTask.body, { errors: [`There is no checkpoint statistics for task ${SINK}.`] });
    });

    test('the job metrics of a checkpointing job include the last checkpoint\'s figures and the counts', async () => {
      const checkpointing = h.dispatcher.add(archivedGraph({ checkpointStats: checkpointStats() }));
      const { body } = await get(`/jobs/${checkpointing.jobId}/metrics?get=lastCheckpointDuration,lastCheckpointSize,numberOfCompletedCheckpoints,numberOfFailedCheckpoints`);
      assert.deepEqual(body, [
        { id: 'lastCheckpointDuration', value: '300' }, { id: 'lastCheckpointSize', value: '1000' },
        { id: 'numberOfCompletedCheckpoints', value: '2' }, { id: 'numberOfFailedCheckpoints', value: '1' },
      ]);
      const plain = await get(`/jobs/${job.jobId}/metrics`);
      assert.equal(plain.body.some((m: { id: string }) => m.id === 'lastCheckpointSize'), false);
    });

    test('without checkpointing every checkpoint route is Flink\'s 404; a checkpoint id must be a non-negative integer', async () => {
      const config = await get(`/jobs/${job.jobId}/checkpoints/config`);
      assert.equal(config.status, 404);
      assert.deepEqual(config.body, { errors: [`Checkpointing is not enabled for this job (${job.jobId}).`] });
      const details = await get(`/jobs/${job.jobId}/checkpoints/details/0/subtasks/${SOURCE}`);
      assert.equal(details.status, 404);
      assert.deepEqual(details.body, { errors: [`Checkpointing was not enabled for job ${job.jobId}.`] });
      for (const id of ['-1', 'abc', '1.5']) {
        const res = await get(`/jobs/${job.jobId}/checkpoints/details/${id}`);
        assert.equal(res.status, 400, id);
        assert.match(res.body.errors[0], /Invalid path parameter 'checkpointid'/);
      }
    });
  });

  test('an unknown job or vertex is a 404 naming it, a malformed id a 400, on every route', async () => {
    const unknownJob = 'd'.repeat(32);
    const vertexPaths = ['/metrics', '/subtasks/metrics', '/subtasks/0/metrics', '/watermarks', '/backpressure', '/accumulators', '/subtasks/accumulators'];
    for (const path of vertexPaths) {
      const noJob = await get(`/jobs/${unknownJob}/vertices/${SOURCE}${path}`);
      assert.equal(noJob.status, 404, path);
      assert.match(noJob.body.errors[0], new RegExp(unknownJob));
      const noVertex = await get(vertexUrl('e'.repeat(32), path));
      assert.equal(noVertex.status, 404, path);
      assert.deepEqual(noVertex.body, { errors: [`Job ${job.jobId} has no vertex ${'e'.repeat(32)}`] });
      assert.equal((await get(vertexUrl('XYZ', path))).status, 400, path);
    }
    for (const path of ['/metrics', '/accumulators', '/checkpoints/config', '/checkpoints/details/1']) {
      assert.equal((await get(`/jobs/${unknownJob}${path}`)).status, 404, path);
      assert.equal((await get(`/jobs/not-a-job${path}`)).status, 400, path);
    }
  });
});
