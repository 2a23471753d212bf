import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from './test-fixtures.js';

const JOB = 'a'.repeat(32);
const TRIGGER = '7d273f5a62eb4730b9dea8e833733c1e';

describe('manual checkpoint endpoints', () => {
  let h: Harness;
  const post = async (body?: unknown, prefix = ''): Promise<{ status: number; body: any }> => {
    const res = await h.server.app.inject({
      method: 'POST', url: `${prefix}/jobs/${JOB}/checkpoints`,
      ...(body !== undefined && { headers: { 'content-type': 'application/json' }, payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: res.statusCode, body: res.json() };
  };
  const status = async (triggerId: string, jobId = JOB): Promise<{ status: number; body: any }> => {
    const res = await h.server.app.inject({ url: `/jobs/${jobId}/checkpoints/${triggerId}` });
    return { status: res.statusCode, body: res.json() };
  };

  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  test('a trigger without a body answers 202 with a new trigger id and asks for a CONFIGURED checkpoint', async () => {
    const res = await post();
    assert.equal(res.status, 202);
    assert.match(res.body['request-id'], /^[0-9a-f]{32}$/);
    assert.equal(h.dispatcher.checkpointTriggers.get(`${JOB}/${res.body['request-id']}`)?.checkpointType, 'CONFIGURED');
    const again = await post(undefined, '/v1');
    assert.notEqual(again.body['request-id'], res.body['request-id']);
  });

  test('the status is IN_PROGRESS, then COMPLETED with the checkpoint id', async () => {
    const { body } = await post({ checkpointType: 'FULL', triggerId: TRIGGER });
    assert.deepEqual(body, { 'request-id': TRIGGER });
    assert.equal(h.dispatcher.checkpointTriggers.get(`${JOB}/${TRIGGER}`)?.checkpointType, 'FULL');
    assert.deepEqual(await status(TRIGGER), { status: 200, body: { status: { id: 'IN_PROGRESS' }, operation: null } });
    h.dispatcher.checkpointTriggers.get(`${JOB}/${TRIGGER}`)!.result = { status: 'SUCCESS', result: 42 };
    assert.deepEqual(await status(TRIGGER), { status: 200, body: { status: { id: 'COMPLETED' }, operation: { checkpointId: 42 } } });
  });

  test('a failed checkpoint is COMPLETED with its failure cause', async () => {
    const triggerId = 'b'.repeat(32);
    await post({ triggerId });
    const stack = 'SluiceError: Checkpoint 3 expired before completing.\n    at abort';
    h.dispatcher.checkpointTriggers.get(`${JOB}/${triggerId}`)!.result = { status: 'FAILURE', error: { code: 'CHECKPOINT_FAILED', kind: 'external', retryable: false, message: 'Checkpoint 3 expired before completing.', stack } };
    assert.deepEqual((await status(triggerId)).body, {
      status: { id: 'COMPLETED' },
      operation: { failureCause: { class: 'CHECKPOINT_FAILED', 'stack-trace': stack, 'serialized-throwable': Buffer.from(stack).toString('base64') } },
    });
  });

  test('a trigger id used again names the same operation', async () => {
    const triggerId = 'c'.repeat(32);
    await post({ triggerId, checkpointType: 'FULL' });
    h.dispatcher.checkpointTriggers.get(`${JOB}/${triggerId}`)!.result = { status: 'SUCCESS', result: 7 };
    const again = await post({ triggerId });
    assert.deepEqual(again, { status: 202, body: { 'request-id': triggerId } });
    assert.equal(h.dispatcher.checkpointTriggers.get(`${JOB}/${triggerId}`)?.checkpointType, 'FULL');
    assert.deepEqual((await status(triggerId)).body.operation, { checkpointId: 7 });
  });

  test('an unknown trigger id, or one of another job, is a 404 in Flink\'s words', async () => {
    const res = await status('d'.repeat(32));
    assert.deepEqual(res, { status: 404, body: { errors: [`There is no checkpoint operation with triggerId=${'d'.repeat(32)} for job ${JOB}.`] } });
    assert.equal((await status(TRIGGER, 'e'.repeat(32))).status, 404);
  });

  test('INCREMENTAL reaches the JobMaster (which refuses it for a job that takes full checkpoints)', async () => {
    const triggerId = '9'.repeat(32);
    const res = await post({ checkpointType: 'INCREMENTAL', triggerId });
    assert.equal(res.status, 202);
    assert.equal(h.dispatcher.checkpointTriggers.get(`${JOB}/${triggerId}`)?.checkpointType, 'INCREMENTAL');
  });

  test('a malformed body, an unknown type or field, and a malformed trigger or job id are 400s', async () => {
    for (const body of ['{"checkpointType":', { checkpointType: 'SAVEPOINT' }, { triggerId: 'XYZ' }, { other: 1 }, [1]]) {
      const res = await post(body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.errors.length, 1);
    }
    assert.equal((await status('not-a-trigger-id')).status, 400);
    const res = await h.server.app.inject({ method: 'POST', url: '/jobs/not-a-job/checkpoints' });
    assert.equal(res.statusCode, 400);
  });

  test('null fields mean the defaults, as Flink reads them', async () => {
    const res = await post({ checkpointType: null, triggerId: null });
    assert.equal(res.status, 202);
    assert.equal(h.dispatcher.checkpointTriggers.get(`${JOB}/${res.body['request-id']}`)?.checkpointType, 'CONFIGURED');
  });

  test('the configuration and detail routes beside them still answer', async () => {
    const res = await h.server.app.inject({ url: `/jobs/${JOB}/checkpoints/config` });
    // The fake knows no such job: the config route, not the status route, answered.
    assert.equal(res.statusCode, 404);
    assert.doesNotMatch(res.body, /no checkpoint operation/);
  });
});
