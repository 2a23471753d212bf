import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { ErrorCode } from '../common/errors.js';
import { triggerCheckpoint } from './manual-checkpoint.js';
import { RestClusterClient } from './rest-cluster-client.js';

const JOB = 'a'.repeat(32);
const TRIGGER = 'f'.repeat(32);

/** A REST server answering each request with the next of `answers` (JSON bodies), recording method, url and body. */
async function serverAnswering(answers: [number, unknown][]): Promise<{ client: RestClusterClient; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} ${body}`.trim());
      const [status, json] = answers[Math.min(requests.length - 1, answers.length - 1)]!;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    client: new RestClusterClient(`127.0.0.1:${(server.address() as AddressInfo).port}`),
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

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
