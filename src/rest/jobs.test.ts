import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { JOB_STATUSES } from '../protocol/states.js';
import { CHECKPOINT_SETTINGS, archivedGraph, checkpointStats, startHarness, type Harness } from './test-fixtures.js';

describe('job endpoints', () => {
  let h: Harness;
  const get = async (url: string, opts: Omit<InjectOptions, 'url'> = {}): Promise<{ status: number; body: Record<string, any> }> => {
    const res = await h.server.app.inject({ url, ...opts });
    return { status: res.statusCode, body: res.json() };
  };

  before(async () => { h = await startHarness(); });
  after(() => h.close());

  const running = () => h.dispatcher.add(archivedGraph());
  const finished = () => h.dispatcher.add(archivedGraph({
    state: 'FINISHED',
    stateTimestamps: { INITIALIZING: 1000, CREATED: 1001, RUNNING: 1010, FINISHED: 1117 },
    lastModification: 1117,
  }, 'FINISHED'));

  describe('GET /jobs/overview and /jobs', () => {
    test('summarise every job with lower-case task counts', async () => {
      h.dispatcher.jobs.clear();
      const run = running();
      const done = finished();
      const { status, body } = await get('/jobs/overview');
      assert.equal(status, 200);
      const byId = new Map((body.jobs as Record<string, any>[]).map((j) => [j.jid, j]));
      const r = byId.get(run.jobId)!;
      assert.equal(r.name, 'WordCount Example');
      assert.equal(r.state, 'RUNNING');
      assert.equal(r['start-time'], 1000);
      assert.equal(r['end-time'], -1);
      assert.ok(r.duration > 0);
      assert.equal(r['last-modification'], 1020);
      assert.deepEqual(r.tasks, {
        total: 2, pending: 0, created: 0, scheduled: 0, deploying: 0, running: 2, finished: 0,
        canceling: 0, canceled: 0, failed: 0, reconciling: 0, initializing: 0,
      });
      const d = byId.get(done.jobId)!;
      assert.equal(d['end-time'], 1117);
      assert.equal(d.duration, 117);
      assert.equal(d.tasks.finished, 2);

      const ids = await get('/v1/jobs');
      assert.deepEqual(ids.body.jobs, [{ id: run.jobId, status: 'RUNNING' }, { id: done.jobId, status: 'FINISHED' }]);
    });
  });

  describe('GET /jobs/:jobid/checkpoints', () => {
    test('a checkpointing job before its first checkpoint has nothing counted; a job without checkpointing is a 404', async () => {
      const checkpointStats = { settings: CHECKPOINT_SETTINGS, counts: { restored: 0, total: 0, inProgress: 0, completed: 0, failed: 0 }, history: [] };
      const checkpointing = h.dispatcher.add(archivedGraph({ checkpointStats }));
      const { status, body } = await get(`/jobs/${checkpointing.jobId}/checkpoints`);
      assert.equal(status, 200);
      assert.deepEqual(body.counts, { restored: 0, total: 0, in_progress: 0, completed: 0, failed: 0 });
      assert.deepEqual(body.history, []);
      assert.deepEqual(body.latest, { completed: null, savepoint: null, failed: null, restored: null });
      assert.equal(body.summary.end_to_end_duration.p99, 0);
      const plain = running();
      const none = await get(`/jobs/${plain.jobId}/checkpoints`);
      assert.equal(none.status, 404);
      assert.match(none.body.errors[0], /Checkpointing has not been enabled for job/);
    });

    test('counts, summary, latest completed/failed/restored and the history (most recent first) from the JobMaster\'s statistics', async () => {
      const job = h.dispatcher.add(archivedGraph({ checkpointStats: checkpointStats() }));
      const { status, body } = await get(`/jobs/${job.jobId}/checkpoints`);
      assert.equal(status, 200);
      assert.deepEqual(body.counts, { restored: 1, total: 4, in_progress: 1, completed: 2, failed: 1 });
      assert.deepEqual(body.summary.state_size, { min: 600, max: 1000, avg: 800, p50: 600, p90: 1000, p95: 1000, p99: 1000, p999: 1000 });
      assert.deepEqual(body.summary.end_to_end_duration.max, 300);
      assert.deepEqual(body.summary.persisted_data.max, 0);
      assert.deepEqual(body.latest.completed, {
        className: 'completed', id: 2, status: 'COMPLETED', is_savepoint: false, trigger_timestamp: 15_000, latest_ack_timestamp: 15_300,
        checkpointed_size: 1000, state_size: 1000, end_to_end_duration: 300, alignment_buffered: 0, processed_data: 14, persisted_data: 0,
        num_subtasks: 2, num_acknowledged_subtasks: 2, checkpoint_type: 'CHECKPOINT', tasks: {}, external_path: '/chk/j/chk-2', discarded: false,
      });
      assert.equal(body.latest.failed.className, 'failed');
      assert.equal(body.latest.failed.failure_message, 'Checkpoint 3 expired before completing.');
      assert.equal(body.latest.failed.failure_timestamp, 80_000);
      assert.equal(body.latest.failed.num_acknowledged_subtasks, 1);
      assert.deepEqual(body.latest.restored, { id: 1, restore_timestamp: 12_000, is_savepoint: false, external_path: '/chk/j/chk-1' });
      assert.equal(body.latest.savepoint, null);
      assert.deepEqual(body.history.map((c: { id: number; className: string }) => [c.id, c.className]), [[4, 'in_progress'], [3, 'failed'], [2, 'completed'], [1, 'completed']]);
      assert.equal(body.history[3].discarded, true);
      assert.equal(body.history[0].external_path, undefined);
    });
  });

  describe('GET /jobs/:jobid/vertices/:vertexid', () => {
    test('has a row per subtask and the aggregated metrics (Flink\'s JobVertexDetailsInfo)', async () => {
      const job = finished();
      const { status, body } = await get(`/v1/jobs/${job.jobId}/vertices/${'a'.repeat(32)}`);
      assert.equal(status, 200);
      assert.equal(body.id, 'a'.repeat(32));
      assert.equal(body.parallelism, 2);
      assert.equal(typeof body.now, 'number');
      assert.equal(body.subtasks.length, 2);
      const [first, second] = body.subtasks as Record<string, any>[];
      assert.deepEqual(
        { subtask: first!.subtask, status: first!.status, attempt: first!.attempt, start: first!['start-time'], end: first!['end-time'], duration: first!.duration },
        { subtask: 0, status: 'FINISHED', attempt: 0, start: 1005, end: 1020, duration: 15 },
      );
      assert.deepEqual(first!['status-duration'], { CREATED: 4, DEPLOYING: 15, FINISHED: 0 });
      assert.equal(first!.metrics['read-records'], 10);
      assert.equal(second!.metrics['accumulated-busy-time'], 6);
      assert.deepEqual(first!['other-concurrent-attempts'], []);
      assert.deepEqual(body.aggregated.metrics['accumulated-busy-time'], { min: 5, max: 6, avg: 6, sum: 11, median: 5, p25: 5, p75: 6, p95: 6 });
      assert.deepEqual(body.aggregated['status-duration'].CREATED, { min: 4, max: 5, avg: 5, sum: 9, median: 4, p25: 4, p75: 5, p95: 5 });
    });

    test('subtasks/:subtaskindex and subtasktimes', async () => {
      const job = finished();
      const base = `/jobs/${job.jobId}/vertices/${'a'.repeat(32)}`;
      const one = await get(`${base}/subtasks/1`);
      assert.equal(one.status, 200);
      assert.equal(one.body.subtask, 1);
      assert.equal(one.body.status, 'FINISHED');
      assert.equal(one.body.metrics['accumulated-busy-time'], 6);
      const missing = await get(`${base}/subtasks/2`);
      assert.equal(missing.status, 404);
      assert.match(missing.body.errors[0], /has 2 subtasks; there is no subtask 2/);
      assert.equal((await get(`${base}/subtasks/-1`)).status, 400);
      assert.equal((await get(`${base}/subtasks/x`)).status, 400);
      assert.equal((await get(`${base}/subtasks/1/attempts/0`)).body.subtask, 1);
      const earlier = await get(`${base}/subtasks/1/attempts/3`);
      assert.equal(earlier.status, 404);
      assert.match(earlier.body.errors[0], /only its current attempt \(0\) is kept/);
      const times = await get(`${base}/subtasktimes`);
      assert.equal(times.status, 200);
      assert.equal(times.body.name, 'Source: fromElements -> Flat Map');
      assert.deepEqual(times.body.subtasks[0], { subtask: 0, endpoint: '(unassigned)', host: '(unassigned)', duration: 15, timestamps: { CREATED: 1001, DEPLOYING: 1005, FINISHED: 1020 } });
    });

    test('Flink 1.x fields: a subtask\'s host (without the port) and start_time; a TaskManager group\'s host (with it)', async () => {
      const graph = archivedGraph({}, 'RUNNING', 2);
      Object.assign(graph.vertices[0]!.subtasks[1]!, { taskManagerId: 'tm-b', endpoint: '10.0.0.3:6121' });
      const job = h.dispatcher.add(graph);
      const base = `/jobs/${job.jobId}/vertices/${'a'.repeat(32)}`;
      for (const subtask of [(await get(`${base}/subtasks/1`)).body, (await get(`${base}/subtasks/1/attempts/0`)).body, (await get(base)).body.subtasks[1]]) {
        assert.deepEqual([subtask.endpoint, subtask.host, subtask.start_time, subtask['start-time']], ['10.0.0.3:6121', '10.0.0.3', 1006, 1006]);
      }
      assert.deepEqual((await get(base)).body.subtasks[0].host, '(unassigned)');
      assert.equal((await get(`${base}/subtasktimes`)).body.subtasks[1].host, '10.0.0.3');
      assert.equal((await get(`${base}/subtasks/accumulators`)).body.subtasks[1].host, '10.0.0.3');
      const groups = (await get(`${base}/taskmanagers`)).body.taskmanagers as { host: string; endpoint: string }[];
      assert.deepEqual(groups.map((g) => [g.host, g.endpoint]).sort(), [['(unassigned)', '(unassigned)'], ['10.0.0.3:6121', '10.0.0.3:6121']]);
    });

    test('taskmanagers: the subtasks grouped by TaskManager', async () => {
      const graph = archivedGraph({}, 'RUNNING', 3);
      graph.vertices[0]!.subtasks.forEach((s, i) => Object.assign(s, { taskManagerId: i < 2 ? 'tm-a' : 'tm-b', endpoint: i < 2 ? '10.0.0.2:6121' : '10.0.0.3:6121' }));
      const job = h.dispatcher.add(graph);
      const { status, body } = await get(`/jobs/${job.jobId}/vertices/${'a'.repeat(32)}/taskmanagers`);
      assert.equal(status, 200);
      const [a, b] = body.taskmanagers as Record<string, any>[];
      assert.deepEqual([a!['taskmanager-id'], a!.endpoint, a!.status, a!['status-counts'].RUNNING, a!.metrics['read-records']], ['tm-a', '10.0.0.2:6121', 'RUNNING', 2, 20]);
      assert.deepEqual([b!['taskmanager-id'], b!['status-counts'].RUNNING, b!.metrics['read-records']], ['tm-b', 1, 10]);
      assert.equal(a!.aggregated.metrics['read-records'].sum, 20);
    });

    test('an unknown vertex or job is a 404, a malformed id a 400', async () => {
      const job = running();
      const unknownVertex = await get(`/jobs/${job.jobId}/vertices/${'b'.repeat(32)}`);
      assert.equal(unknownVertex.status, 404);
      assert.match(unknownVertex.body.errors[0], new RegExp(`Job ${job.jobId} has no vertex ${'b'.repeat(32)}`));
      assert.equal((await get(`/jobs/${'c'.repeat(32)}/vertices/${'a'.repeat(32)}`)).status, 404);
      assert.equal((await get(`/jobs/${job.jobId}/vertices/xyz`)).status, 400);
    });
  });

  describe('GET /jobs/:jobid', () => {
    test('a job waiting for slots says how many it waits for (Sluice\'s waiting-for-slots); others have no such field', async () => {
      const waiting = h.dispatcher.add(archivedGraph({ pendingSlotRequest: { requiredSlots: 4, acquiredSlots: 1, freeSlotsInCluster: 0, since: 1010 } }, 'SCHEDULED', 4));
      const { status, body } = await get(`/jobs/${waiting.jobId}`);
      assert.equal(status, 200);
      assert.equal(body.state, 'RUNNING');
      assert.deepEqual(body['waiting-for-slots'], {
        'required-slots': 4, 'acquired-slots': 1, 'free-slots-in-cluster': 0, since: 1010,
        message: 'Waiting for 3 more task slots (holds 1 of the 4 it needs; 0 free in the cluster)',
      });
      const one = h.dispatcher.add(archivedGraph({ pendingSlotRequest: { requiredSlots: 2, acquiredSlots: 1, since: 1010 } }, 'SCHEDULED'));
      assert.equal((await get(`/jobs/${one.jobId}`)).body['waiting-for-slots'].message, 'Waiting for 1 more task slot (holds 1 of the 2 it needs)');
      assert.equal((await get(`/jobs/${running().jobId}`)).body['waiting-for-slots'], undefined);
    });

    test('has Flink\'s JobDetailsInfo fields plus the article\'s summary', async () => {
      const job = finished();
      const { status, body } = await get(`/jobs/${job.jobId}`);
      assert.equal(status, 200);
      assert.equal(body.jid, job.jobId);
      assert.equal(body.name, 'WordCount Example');
      assert.equal(body.isStoppable, false);
      assert.equal(body.state, 'FINISHED');
      assert.equal(body['job-type'], 'STREAMING');
      assert.equal(body['start-time'], 1000);
      assert.equal(body['end-time'], 1117);
      assert.equal(body.duration, 117);
      assert.equal(body.maxParallelism, 128);
      assert.equal(typeof body.now, 'number');
      assert.deepEqual(Object.keys(body.timestamps).sort(), [...JOB_STATUSES].sort());
      assert.equal(body.timestamps.RUNNING, 1010);
      assert.equal(body.timestamps.FAILED, 0);
      assert.deepEqual(body.plan, job.plan);
      assert.equal(body['pending-operators'], 0);
      assert.equal(body.schedulerType, 'Default');
      assert.equal(body['last-modification'], 1117);
      assert.equal(body.tasks.total, 2);
      assert.equal(body.tasks.finished, 2);
      assert.equal(body.tasks.pending, 0);
      assert.equal(body['status-counts'].FINISHED, 1);
      assert.equal(body['status-counts'].RUNNING, 0);

      const [v] = body.vertices as Record<string, any>[];
      assert.equal(v!.id, 'a'.repeat(32));
      assert.equal(v!.name, 'Source: fromElements -> Flat Map');
      assert.equal(v!.parallelism, 2);
      assert.equal(v!.maxParallelism, 128);
      assert.equal(v!.status, 'FINISHED');
      assert.equal(v!['start-time'], 1005);
      assert.equal(v!['end-time'], 1021);
      assert.equal(v!.duration, 16);
      assert.equal(v!.tasks.FINISHED, 2);
      assert.equal(v!.tasks.CREATED, 0);
      assert.deepEqual(v!.metrics, {
        'read-bytes': 200, 'read-bytes-complete': true, 'write-bytes': 400, 'write-bytes-complete': true,
        'read-records': 20, 'read-records-complete': true, 'write-records': 40, 'write-records-complete': true,
        'accumulated-backpressured-time': 1, 'accumulated-idle-time': 7, 'accumulated-busy-time': 6,
      });
    });

    test('a running vertex has no end time yet; a vertex not yet deployed has no times', async () => {
      const run = running();
      const v = (await get(`/jobs/${run.jobId}`)).body.vertices[0];
      assert.equal(v.status, 'RUNNING');
      assert.equal(v['end-time'], -1);
      assert.equal(v['start-time'], 1005);
      const created = h.dispatcher.add(archivedGraph({ state: 'CREATED' }, 'CREATED'));
      created.vertices[0]!.subtasks.forEach((s) => { s.stateTimestamps = { CREATED: 1001 }; });
      const c = (await get(`/jobs/${created.jobId}`)).body;
      assert.deepEqual([c.vertices[0]['start-time'], c.vertices[0]['end-time'], c.vertices[0].duration], [-1, -1, -1]);
      assert.equal(c.vertices[0].status, 'CREATED');
      assert.equal(c.tasks.pending, 2);
    });

    test('a malformed id is 400, an unknown one 404', async () => {
      const bad = await get('/jobs/not-a-job-id');
      assert.equal(bad.status, 400);
      assert.match(bad.body.errors[0], /path parameter 'jobid'/);
      const unknown = await get(`/jobs/${'e'.repeat(32)}`);
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.body.errors, [`Job ${'e'.repeat(32)} not found.`]);
    });
  });

  describe('status, plan, exceptions and config of a job', () => {
    test('status and plan', async () => {
      const job = running();
      assert.deepEqual((await get(`/jobs/${job.jobId}/status`)).body, { status: 'RUNNING' });
      assert.deepEqual((await get(`/v1/jobs/${job.jobId}/plan`)).body, { plan: job.plan });
      assert.equal((await get(`/jobs/${'e'.repeat(32)}/status`)).status, 404);
    });

    test('exceptions: newest first, limited by maxExceptions', async () => {
      const job = h.dispatcher.add(archivedGraph({
        exceptionHistory: [
          { exceptionName: 'java.lang.Error', stacktrace: 'old', timestamp: 10 },
          { exceptionName: 'RuntimeError', stacktrace: 'Error: boom\n  at map', timestamp: 20, taskName: 'Map (1/2)', endpoint: 'host:1234', taskManagerId: 'tm-1' },
        ],
      }));
      const all = (await get(`/jobs/${job.jobId}/exceptions`)).body;
      assert.equal(all.exceptionHistory.truncated, false);
      assert.deepEqual(all.exceptionHistory.entries[0], {
        exceptionName: 'RuntimeError', stacktrace: 'Error: boom\n  at map', timestamp: 20, taskName: 'Map (1/2)',
        endpoint: 'host:1234', location: 'host:1234', taskManagerId: 'tm-1', failureLabels: {}, concurrentExceptions: [],
      });
      assert.equal(all.exceptionHistory.entries[1].stacktrace, 'old');
      const one = (await get(`/jobs/${job.jobId}/exceptions?maxExceptions=1`)).body;
      assert.equal(one.exceptionHistory.entries.length, 1);
      assert.equal(one.exceptionHistory.truncated, true);
      assert.equal((await get(`/jobs/${job.jobId}/exceptions?maxExceptions=x`)).status, 400);
      // The JobMaster dropped older failures (web.exception-history-size): truncated whatever is asked.
      const dropped = h.dispatcher.add(archivedGraph({ exceptionHistory: [{ exceptionName: 'E', stacktrace: 's', timestamp: 30 }], exceptionHistoryTruncated: true }));
      assert.equal((await get(`/jobs/${dropped.jobId}/exceptions`)).body.exceptionHistory.truncated, true);
      // A failure of the whole job (no task) has null task fields, as in Flink.
      const global = (await get(`/jobs/${dropped.jobId}/exceptions`)).body.exceptionHistory.entries[0];
      assert.deepEqual([global.taskName, global.endpoint, global.taskManagerId], [null, null, null]);
      // Without a root cause, Flink 1.x's top-level fields are null and empty.
      const { exceptionHistory: _, ...legacy } = all;
      assert.deepEqual(legacy, { 'root-exception': null, timestamp: null, 'all-exceptions': [], truncated: false });
    });

    test('exceptions: Flink 1.x\'s root-exception, timestamp, all-exceptions and truncated of a failed job', async () => {
      const graph = archivedGraph({ state: 'FAILED', failureCause: { code: 'TASK_FAILED', kind: 'user', retryable: false, message: 'boom', stack: 'Error: boom\n  at map' }, failureTimestamp: 1030 }, 'FAILED', 3);
      const [first, , third] = graph.vertices[0]!.subtasks;
      Object.assign(first!, { failureCause: 'Error: boom\n  at map', taskManagerId: 'tm-a', endpoint: '10.0.0.2:6121' });
      Object.assign(third!, { failureCause: 'Error: lost' });
      const job = h.dispatcher.add(graph);
      const body = (await get(`/jobs/${job.jobId}/exceptions`)).body;
      assert.equal(body['root-exception'], 'Error: boom\n  at map');
      assert.equal(body.timestamp, 1030);
      assert.equal(body.truncated, false);
      assert.deepEqual(body['all-exceptions'], [
        { exception: 'Error: boom\n  at map', task: 'Source: fromElements -> Flat Map (1/3)', location: '10.0.0.2:6121', timestamp: 1020, taskManagerId: 'tm-a', 'attempt-num': 0, 'subtask-index': 0, 'vertex-id': graph.vertices[0]!.id },
        { exception: 'Error: lost', task: 'Source: fromElements -> Flat Map (3/3)', location: '(unassigned)', timestamp: 1022, taskManagerId: '(unassigned)', 'attempt-num': 0, 'subtask-index': 2, 'vertex-id': graph.vertices[0]!.id },
      ]);
      const one = (await get(`/jobs/${job.jobId}/exceptions?maxExceptions=1`)).body;
      assert.deepEqual([one['all-exceptions'].length, one.truncated], [1, true]);
    });

    test('execution-result: IN_PROGRESS while running, then the JobResult as Flink\'s JobResultSerializer writes it', async () => {
      const job = running();
      assert.deepEqual((await get(`/jobs/${job.jobId}/execution-result`)).body, { status: { id: 'IN_PROGRESS' } });
      const done = finished();
      assert.deepEqual((await get(`/jobs/${done.jobId}/execution-result`)).body, {
        status: { id: 'COMPLETED' },
        'job-execution-result': {
          id: done.jobId, name: done.jobName, 'application-status': 'SUCCEEDED', 'accumulator-results': {}, 'net-runtime': 117,
          'application-id': done.jobId, 'start-time': 1000, 'end-time': 1117,
        },
      });
      const failed = h.dispatcher.add(archivedGraph({ state: 'FAILED', failureCause: { code: 'TASK_FAILED', kind: 'user', retryable: false, message: 'boom', stack: 'Error: boom\n  at map' } }, 'FAILED'));
      const result = (await get(`/jobs/${failed.jobId}/execution-result`)).body['job-execution-result'];
      assert.equal(result['application-status'], 'FAILED');
      assert.deepEqual(result['failure-cause'], { class: 'TASK_FAILED', 'stack-trace': 'Error: boom\n  at map', 'serialized-throwable': Buffer.from('Error: boom\n  at map').toString('base64') });
    });

    test('config: Flink\'s JobConfigInfo with sensitive values hidden', async () => {
      // object-reuse-mode is true whatever pipeline.object-reuse says: records pass by reference between chained operators.
      const job = h.dispatcher.add(archivedGraph({ jobConfig: { 'parallelism.default': '4', 's3.secret-key': 'hush', 'pipeline.object-reuse': 'false' } }));
      assert.deepEqual((await get(`/jobs/${job.jobId}/config`)).body, {
        jid: job.jobId,
        name: 'WordCount Example',
        'execution-config': {
          'execution-mode': 'PIPELINED',
        'restart-strategy': 'Cluster level default restart strategy',
          'job-parallelism': 4,
          'object-reuse-mode': true,
          'user-config': { 'parallelism.default': '4', 's3.secret-key': '******', 'pipeline.object-reuse': 'false' },
        },
      });
    });
  });

  describe('cancelling', () => {
    test('PATCH /jobs/:jobid cancels with 202 and an empty object', async () => {
      const job = running();
      const res = await get(`/jobs/${job.jobId}?mode=cancel`, { method: 'PATCH' });
      assert.equal(res.status, 202);
      assert.deepEqual(res.body, {});
      assert.equal(h.dispatcher.jobs.get(job.jobId)!.state, 'CANCELED');
      const upper = running();
      assert.equal((await get(`/v1/jobs/${upper.jobId}?mode=CANCEL`, { method: 'PATCH' })).status, 202);
      const noMode = running();
      assert.equal((await get(`/jobs/${noMode.jobId}`, { method: 'PATCH' })).status, 202);
    });

    test('other modes are 400', async () => {
      const job = running();
      const stop = await get(`/jobs/${job.jobId}?mode=stop`, { method: 'PATCH' });
      assert.equal(stop.status, 400);
      assert.match(stop.body.errors[0], /"stop" has been removed/);
      const other = await get(`/jobs/${job.jobId}?mode=pause`, { method: 'PATCH' });
      assert.equal(other.status, 400);
      assert.match(other.body.errors[0], /Unknown termination mode pause/);
      assert.equal(h.dispatcher.jobs.get(job.jobId)!.state, 'RUNNING');
    });

    test('a job that already ended is 409; an unknown job 404', async () => {
      const job = finished();
      const res = await get(`/jobs/${job.jobId}`, { method: 'PATCH' });
      assert.equal(res.status, 409);
      assert.deepEqual(res.body.errors, ['Job cancellation failed because the job has already reached another terminal state (FINISHED).']);
      assert.equal((await get(`/jobs/${'e'.repeat(32)}`, { method: 'PATCH' })).status, 404);
    });

    test('the Web UI\'s GET /jobs/:jobid/yarn-cancel cancels too', async () => {
      const job = running();
      const res = await get(`/jobs/${job.jobId}/yarn-cancel`);
      assert.equal(res.status, 202);
      assert.equal(h.dispatcher.jobs.get(job.jobId)!.state, 'CANCELED');
    });
  });
});
