import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startHarness, type Harness } from './test-fixtures.js';

const JOB = 'a'.repeat(32);
const TRIGGER = '7d273f5a62eb4730b9dea8e833733c1e';

async function inject(h: Harness, method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await h.server.app.inject({
    method, url,
    ...(body !== undefined && { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) }),
  });
  return { status: res.statusCode, body: res.json() };
}

describe('savepoint endpoints with a configured savepoint directory', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ config: { 'state.savepoints.dir': '/data/savepoints' } });
  });
  after(() => h.close());

  test('a trigger without a body answers 202 with a new trigger id: the default directory, the job not cancelled', async () => {
    const res = await inject(h, 'POST', `/jobs/${JOB}/savepoints`);
    assert.equal(res.status, 202);
    assert.match(res.body['request-id'], /^[0-9a-f]{32}$/);
    const trigger = h.dispatcher.savepointTriggers.get(`${JOB}/${res.body['request-id']}`);
    assert.deepEqual([trigger?.targetDirectory, trigger?.cancelJob], [undefined, false]);
  });

  test('the status is IN_PROGRESS, then COMPLETED with the location; the request\'s fields reach the dispatcher', async () => {
    const res = await inject(h, 'POST', `/v1/jobs/${JOB}/savepoints`, { 'target-directory': '/elsewhere', 'cancel-job': true, formatType: 'NATIVE', triggerId: TRIGGER });
    assert.deepEqual(res, { status: 202, body: { 'request-id': TRIGGER } });
    const trigger = h.dispatcher.savepointTriggers.get(`${JOB}/${TRIGGER}`)!;
    assert.deepEqual([trigger.targetDirectory, trigger.cancelJob], ['/elsewhere', true]);
    assert.deepEqual(await inject(h, 'GET', `/jobs/${JOB}/savepoints/${TRIGGER}`), { status: 200, body: { status: { id: 'IN_PROGRESS' }, operation: null } });
    trigger.result = { status: 'SUCCESS', result: '/elsewhere/savepoint-aaaaaa-0123456789ab' };
    assert.deepEqual((await inject(h, 'GET', `/jobs/${JOB}/savepoints/${TRIGGER}`)).body, { status: { id: 'COMPLETED' }, operation: { location: '/elsewhere/savepoint-aaaaaa-0123456789ab' } });
  });

  test('a failed savepoint is COMPLETED with its failure-cause', async () => {
    const triggerId = 'b'.repeat(32);
    await inject(h, 'POST', `/jobs/${JOB}/savepoints`, { triggerId });
    const stack = 'SluiceError: Savepoint 1 could not create its directory /x: EACCES';
    h.dispatcher.savepointTriggers.get(`${JOB}/${triggerId}`)!.result = { status: 'FAILURE', error: { code: 'CHECKPOINT_FAILED', kind: 'external', retryable: false, message: 'x', stack } };
    assert.deepEqual((await inject(h, 'GET', `/jobs/${JOB}/savepoints/${triggerId}`)).body.operation, {
      'failure-cause': { class: 'CHECKPOINT_FAILED', 'stack-trace': stack, 'serialized-throwable': Buffer.from(stack).toString('base64') },
    });
  });

  test('bad fields are a 400 naming them; an unknown trigger id a 404', async () => {
    const bad = await inject(h, 'POST', `/jobs/${JOB}/savepoints`, { 'cancel-job': 'yes' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.errors[0], /cancel-job/);
    assert.equal((await inject(h, 'POST', `/jobs/${JOB}/savepoints`, { formatType: 'OTHER' })).status, 400);
    assert.equal((await inject(h, 'GET', `/jobs/${JOB}/savepoints/${'d'.repeat(32)}`)).status, 404);
  });

  test('a stop without a body answers 202: the default directory, no drain; its status is read as a savepoint\'s', async () => {
    const res = await inject(h, 'POST', `/jobs/${JOB}/stop`);
    assert.equal(res.status, 202);
    const id = res.body['request-id'] as string;
    const stop = h.dispatcher.savepointTriggers.get(`${JOB}/${id}`)!;
    assert.deepEqual([stop.targetDirectory, stop.drain], [undefined, false]);
    stop.result = { status: 'SUCCESS', result: '/data/savepoints/savepoint-aaaaaa-0123456789ab' };
    assert.deepEqual((await inject(h, 'GET', `/jobs/${JOB}/savepoints/${id}`)).body, { status: { id: 'COMPLETED' }, operation: { location: '/data/savepoints/savepoint-aaaaaa-0123456789ab' } });
  });

  test('a stop\'s fields (Flink\'s StopWithSavepointRequestBody) reach the dispatcher; bad ones are a 400 naming them', async () => {
    const triggerId = 'c'.repeat(32);
    const res = await inject(h, 'POST', `/v1/jobs/${JOB}/stop`, { targetDirectory: '/elsewhere', drain: true, formatType: 'CANONICAL', triggerId });
    assert.deepEqual(res, { status: 202, body: { 'request-id': triggerId } });
    const stop = h.dispatcher.savepointTriggers.get(`${JOB}/${triggerId}`)!;
    assert.deepEqual([stop.targetDirectory, stop.drain], ['/elsewhere', true]);
    const bad = await inject(h, 'POST', `/jobs/${JOB}/stop`, { drain: 'yes' });
    assert.equal(bad.status, 400);
    assert.match(bad.body.errors[0], /drain/);
    assert.equal((await inject(h, 'POST', `/jobs/${JOB}/stop`, { 'target-directory': '/x' })).status, 400, 'the savepoint trigger\'s field name is not this body\'s');
  });

  test('a disposal answers 200 with a trigger id; its status is IN_PROGRESS, then COMPLETED, or COMPLETED with the failure-cause', async () => {
    const res = await inject(h, 'POST', '/savepoint-disposal', { 'savepoint-path': '/data/savepoints/savepoint-aaaaaa-0123456789ab' });
    assert.equal(res.status, 200);
    const id = res.body['request-id'] as string;
    const disposal = h.dispatcher.savepointDisposals.get(`/${id}`)!;
    assert.equal(disposal.savepointPath, '/data/savepoints/savepoint-aaaaaa-0123456789ab');
    assert.deepEqual((await inject(h, 'GET', `/savepoint-disposal/${id}`)).body, { status: { id: 'IN_PROGRESS' }, operation: null });
    disposal.result = { status: 'SUCCESS', result: null };
    assert.deepEqual((await inject(h, 'GET', `/v1/savepoint-disposal/${id}`)).body, { status: { id: 'COMPLETED' }, operation: {} });
    disposal.result = { status: 'FAILURE', error: { code: 'SAVEPOINT_DISPOSAL_REFUSED', kind: 'user', retryable: false, message: 'not a savepoint' } };
    assert.equal((await inject(h, 'GET', `/savepoint-disposal/${id}`)).body.operation['failure-cause'].class, 'SAVEPOINT_DISPOSAL_REFUSED');
    assert.equal((await inject(h, 'POST', '/savepoint-disposal', {})).status, 400, 'savepoint-path is required');
    assert.equal((await inject(h, 'GET', `/savepoint-disposal/${'e'.repeat(32)}`)).status, 404);
  });
});

describe('savepoint endpoints without a configured savepoint directory', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  test('a trigger naming no target-directory is a 400 naming the key; one naming it is taken', async () => {
    const res = await inject(h, 'POST', `/jobs/${JOB}/savepoints`, {});
    assert.deepEqual(res, { status: 400, body: { errors: ['Config key [execution.checkpointing.savepoint-dir] is not set. Property [target-directory] must be provided.'] } });
    assert.equal(h.dispatcher.savepointTriggers.size, 0);
    assert.equal((await inject(h, 'POST', `/jobs/${JOB}/savepoints`, { 'target-directory': '/tmp/sp' })).status, 202);
  });

  test('a stop naming no targetDirectory is a 400 naming the property; one naming it is taken', async () => {
    const res = await inject(h, 'POST', `/jobs/${JOB}/stop`, { drain: true });
    assert.deepEqual(res, { status: 400, body: { errors: ['Config key [execution.checkpointing.savepoint-dir] is not set. Property [targetDirectory] must be provided.'] } });
    assert.equal((await inject(h, 'POST', `/jobs/${JOB}/stop`, { targetDirectory: '/tmp/sp' })).status, 202);
  });
});
