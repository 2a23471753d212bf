import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '../common/errors.js';
import { triggerCheckpoint } from './manual-checkpoint.js';
import { serverAnswering } from './test-rest-server.js';

const JOB = 'a'.repeat(32);
const TRIGGER = 'f'.repeat(32);

test('a manual checkpoint is triggered, then polled until it completed; --full asks for a FULL one', async () => {
  const server = await serverAnswering([
    [202, { 'request-id': TRIGGER }],
    [200, { status: { id: 'IN_PROGRESS' }, operation: null }],
    [200, { status: { id: 'COMPLETED' }, operation: { checkpointId: 12 } }],
  ]);
  try {
    assert.equal(await triggerCheckpoint(server.client, JOB, true), 12);
    assert.deepEqual(server.requests, [
      `POST /v1/jobs/${JOB}/checkpoints {"checkpointType":"FULL"}`,
      `GET /v1/jobs/${JOB}/checkpoints/${TRIGGER}`,
      `GET /v1/jobs/${JOB}/checkpoints/${TRIGGER}`,
    ]);
  } finally {
    await server.close();
  }
});

test('a failed manual checkpoint rejects with the cluster\'s code and message', async () => {
  const stack = 'SluiceError: Job aaaa not found\n    at Dispatcher.archivedJob';
  const server = await serverAnswering([
    [202, { 'request-id': TRIGGER }],
    [200, { status: { id: 'COMPLETED' }, operation: { failureCause: { class: ErrorCode.JOB_NOT_FOUND, 'stack-trace': stack, 'serialized-throwable': '' } } }],
  ]);
  try {
    await assert.rejects(triggerCheckpoint(server.client, JOB, false), { code: ErrorCode.JOB_NOT_FOUND, message: 'Job aaaa not found' });
    assert.equal(server.requests[0], `POST /v1/jobs/${JOB}/checkpoints {"checkpointType":"CONFIGURED"}`);
  } finally {
    await server.close();
  }
});
