import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { RestClusterClient } from './rest-cluster-client.js';

/** A REST server on a free loopback port answering each request with the next of `answers`. */
async function serverAnswering(answers: ((res: ServerResponse) => void)[]): Promise<{ address: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    req.resume();
    req.on('end', () => {
      requests.push(`${req.method} ${req.url}`);
      answers[Math.min(requests.length - 1, answers.length - 1)]!(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const busy = (res: ServerResponse): void => {
  res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' }).end(JSON.stringify({ errors: ['all plan extraction children are busy'] }));
};

test('a 429 answer is retried after Retry-After, telling the caller each time, until the request goes through', async () => {
  const server = await serverAnswering([busy, busy, (res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"jobid":"a7b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5"}')]);
  const waits: string[] = [];
  try {
    const client = new RestClusterClient(server.address, (path, waitMs) => waits.push(`${path} ${waitMs}`));
    const jobId = await client.runJar('job.jar', { programArgsList: [] });
    assert.equal(jobId, 'a7b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5');
    assert.equal(server.requests.length, 3);
    assert.deepEqual(waits, ['/v1/jars/job.jar/run 0', '/v1/jars/job.jar/run 0']);
  } finally {
    await server.close();
  }
});

test('other error answers are not retried and keep their status in the error', async () => {
  const server = await serverAnswering([(res) => res.writeHead(409, { 'content-type': 'application/json' }).end('{"errors":["Job already exists"]}')]);
  try {
    const client = new RestClusterClient(server.address);
    await assert.rejects(client.runJar('job.jar', { programArgsList: [] }), (err: unknown) => err instanceof SluiceError && err.code === ErrorCode.DUPLICATE_JOB && /\(409\): Job already exists/.test(err.message));
    assert.equal(server.requests.length, 1);
  } finally {
    await server.close();
  }
});
