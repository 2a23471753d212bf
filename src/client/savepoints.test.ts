import assert from 'node:assert/strict';
import { test } from 'node:test';
import { disposeSavepoint, stopWithSavepoint, triggerSavepoint } from './savepoints.js';
import { serverAnswering } from './test-rest-server.js';

const JOB = 'a'.repeat(32);
const TRIGGER = 'f'.repeat(32);

test('a savepoint is triggered into the given directory (or the cluster\'s default), then polled until it completed with its path', async () => {
  const server = await serverAnswering([
    [202, { 'request-id': TRIGGER }],
    [200, { status: { id: 'IN_PROGRESS' }, operation: null }],
    [200, { status: { id: 'COMPLETED' }, operation: { location: '/sp/savepoint-aaaaaa-0123456789ab' } }],
  ]);
  try {
    assert.equal(await triggerSavepoint(server.client, JOB, '/sp'), '/sp/savepoint-aaaaaa-0123456789ab');
    assert.deepEqual(server.requests, [
      `POST /v1/jobs/${JOB}/savepoints {"cancel-job":false,"target-directory":"/sp"}`,
      `GET /v1/jobs/${JOB}/savepoints/${TRIGGER}`,
      `GET /v1/jobs/${JOB}/savepoints/${TRIGGER}`,
    ]);
    await triggerSavepoint(server.client, JOB, undefined);
    assert.equal(server.requests[3], `POST /v1/jobs/${JOB}/savepoints {"cancel-job":false}`);
  } finally {
    await server.close();
  }
});

test('a stop-with-savepoint posts Flink\'s StopWithSavepointRequestBody, then polls the savepoint status until it completed with its path', async () => {
  const server = await serverAnswering([
    [202, { 'request-id': TRIGGER }],
    [200, { status: { id: 'COMPLETED' }, operation: { location: '/sp/savepoint-aaaaaa-0123456789ab' } }],
    [202, { 'request-id': TRIGGER }],
    [200, { status: { id: 'COMPLETED' }, operation: { 'failure-cause': { class: 'CHECKPOINT_FAILED', 'stack-trace': 'SluiceError: Savepoint 3 could not create its directory /ro', 'serialized-throwable': '' } } }],
  ]);
  try {
    assert.equal(await stopWithSavepoint(server.client, JOB, '/sp', true), '/sp/savepoint-aaaaaa-0123456789ab');
    assert.deepEqual(server.requests, [`POST /v1/jobs/${JOB}/stop {"drain":true,"targetDirectory":"/sp"}`, `GET /v1/jobs/${JOB}/savepoints/${TRIGGER}`]);
    await assert.rejects(stopWithSavepoint(server.client, JOB, undefined, false), { code: 'CHECKPOINT_FAILED', message: /could not create its directory \/ro/ });
    assert.equal(server.requests[2], `POST /v1/jobs/${JOB}/stop {"drain":false}`);
  } finally {
    await server.close();
  }
});

test('a disposal is triggered and polled; a refused one rejects with the cluster\'s code and message', async () => {
  const stack = 'SluiceError: /x is not a savepoint: its metadata says CHECKPOINT\n    at disposeSavepoint';
  const server = await serverAnswering([
    [200, { 'request-id': TRIGGER }],
    [200, { status: { id: 'COMPLETED' }, operation: {} }],
    [200, { 'request-id': TRIGGER }],
    [200, { status: { id: 'COMPLETED' }, operation: { 'failure-cause': { class: 'SAVEPOINT_DISPOSAL_REFUSED', 'stack-trace': stack, 'serialized-throwable': '' } } }],
  ]);
  try {
    await disposeSavepoint(server.client, '/sp/savepoint-aaaaaa-0123456789ab');
    assert.deepEqual(server.requests.slice(0, 2), ['POST /v1/savepoint-disposal {"savepoint-path":"/sp/savepoint-aaaaaa-0123456789ab"}', `GET /v1/savepoint-disposal/${TRIGGER}`]);
    await assert.rejects(disposeSavepoint(server.client, '/x'), { code: 'SAVEPOINT_DISPOSAL_REFUSED', message: '/x is not a savepoint: its metadata says CHECKPOINT' });
  } finally {
    await server.close();
  }
});
