import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COLLECT_BUFFER_BATCHES } from '../protocol/collect-results.js';
import type { JobStatus } from '../protocol/states.js';
import { COLLECT_FETCH_WAIT_MS, CollectResultBuffer } from './collect-result-buffer.js';

const bytes = (n: number): Uint8Array => new Uint8Array([n]);

function setup(): { buffer: CollectResultBuffer; credits: number[]; status: { value: JobStatus } } {
  const credits: number[] = [];
  const buffer = new CollectResultBuffer((producer, n) => {
    assert.equal(producer, 'attempt');
    credits.push(n);
  });
  return { buffer, credits, status: { value: 'RUNNING' } };
}

describe('CollectResultBuffer', () => {
  it('returns buffered batches from an offset and frees what the next fetch acknowledges', async () => {
    const { buffer, credits, status } = setup();
    buffer.add('attempt', bytes(1), 3, false);
    buffer.add('attempt', bytes(2), 2, false);
    const first = await buffer.fetch(0, () => status.value);
    assert.deepEqual(first, { offset: 0, batches: [bytes(1), bytes(2)], end: false, jobStatus: 'RUNNING' });
    assert.deepEqual(credits, [], 'nothing is acknowledged by the first fetch');
    buffer.add('attempt', bytes(3), 1, true);
    const second = await buffer.fetch(3, () => status.value);
    assert.deepEqual(second.batches, [bytes(2), bytes(3)]);
    assert.equal(second.end, true);
    assert.deepEqual(credits, [1]);
    const last = await buffer.fetch(6, () => status.value);
    assert.deepEqual([last.batches, last.end, credits], [[], true, [1, 2]]);
  });

  it('rejects an offset that is not the end of a returned batch', async () => {
    const { buffer, status } = setup();
    buffer.add('attempt', bytes(1), 3, false);
    await assert.rejects(buffer.fetch(2, () => status.value), { code: 'BAD_REQUEST' });
    await assert.rejects(buffer.fetch(4, () => status.value), { code: 'BAD_REQUEST' });
  });

  it('refuses a batch sent without credit', () => {
    const { buffer } = setup();
    for (let i = 0; i < COLLECT_BUFFER_BATCHES; i++) buffer.add('attempt', bytes(i), 1, false);
    assert.throws(() => buffer.add('attempt', bytes(9), 1, false), { code: 'ILLEGAL_STATE' });
    buffer.add('attempt', bytes(9), 0, true);
  });

  it('holds an empty fetch until results arrive, and at most COLLECT_FETCH_WAIT_MS', async () => {
    const { buffer, status } = setup();
    const waiting = buffer.fetch(0, () => status.value);
    setTimeout(() => buffer.add('attempt', bytes(1), 1, false), 20);
    assert.deepEqual((await waiting).batches, [bytes(1)]);
    const started = Date.now();
    assert.deepEqual((await buffer.fetch(1, () => status.value)).batches, []);
    assert.ok(Date.now() - started >= COLLECT_FETCH_WAIT_MS - 20);
  });

  it('answers at once once the job can no longer deliver results', async () => {
    const { buffer, status } = setup();
    const waiting = buffer.fetch(0, () => status.value);
    status.value = 'FAILING';
    buffer.wake();
    assert.equal((await waiting).jobStatus, 'FAILING');
    const started = Date.now();
    await buffer.fetch(0, () => status.value);
    assert.ok(Date.now() - started < COLLECT_FETCH_WAIT_MS / 2);
  });
});
