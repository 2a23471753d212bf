/** The task worker's side of bad input: refused buffers are reported to the TaskExecutor with their connection. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { once } from 'node:events';
import { TaskWorker } from './task-worker.js';
import type { FromWorker } from './worker-messages.js';

test('a buffer that cannot be decoded is reported as badInput with the TCP connection it came on', async () => {
  const { port1, port2 } = new MessageChannel();
  const worker = new TaskWorker(port1);
  const reported = once(port2, 'message') as Promise<[FromWorker]>;
  worker.handle({ t: 'data', jobId: 'j', to: 'attempt', toAllocation: 'slot', edge: '1-2', from: 0, bytes: new Uint8Array([7, 7]), via: 12, peer: '10.0.0.9:6121' });
  const [msg] = await reported;
  assert.deepEqual({ ...msg, reason: undefined }, { t: 'badInput', jobId: 'j', via: 12, peer: '10.0.0.9:6121', reason: undefined });
  assert.match((msg as { reason: string }).reason, /A buffer for task attempt from producer 0 of edge 1-2 cannot be decoded: unknown buffer kind 7/);
  port1.close();
});
