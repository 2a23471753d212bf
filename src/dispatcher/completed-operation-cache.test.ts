import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { CompletedOperationCache } from './completed-operation-cache.js';

const JOB = 'a'.repeat(32);
const key = (n: number): { jobId: string; triggerId: string } => ({ jobId: JOB, triggerId: n.toString(16).padStart(32, '0') });
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

beforeEach(() => mock.timers.enable({ apis: ['Date'], now: 1_000_000 }));
afterEach(() => mock.timers.reset());

test('an operation is in progress until it settles, then holds its result or its error', async () => {
  const cache = new CompletedOperationCache<number>('checkpoint', 60_000);
  let resolve!: (n: number) => void;
  cache.registerOngoingOperation(key(1), new Promise((r) => (resolve = r)));
  cache.registerOngoingOperation(key(2), Promise.reject(new SluiceError(ErrorCode.CHECKPOINT_FAILED, 'declined')));
  assert.deepEqual(cache.get(key(1)), { status: 'IN_PROGRESS' });
  assert.equal(cache.containsOperation(key(1)), true);
  resolve(9);
  await tick();
  assert.deepEqual(cache.get(key(1)), { status: 'SUCCESS', result: 9 });
  const failed = cache.get(key(2));
  assert.equal(failed.status === 'FAILURE' && failed.error.code, ErrorCode.CHECKPOINT_FAILED);
  assert.throws(() => cache.get({ jobId: 'b'.repeat(32), triggerId: key(1).triggerId }), { code: ErrorCode.NOT_FOUND, message: /There is no checkpoint operation with triggerId=0+1 for job b{32}\./ });
});

test('a result is dropped once the store duration has passed since it completed', async () => {
  const cache = new CompletedOperationCache<number>('checkpoint', 60_000);
  cache.registerOngoingOperation(key(1), Promise.resolve(1));
  await tick();
  mock.timers.tick(59_999);
  assert.equal(cache.containsOperation(key(1)), true);
  mock.timers.tick(1);
  assert.equal(cache.containsOperation(key(1)), false);
  assert.throws(() => cache.get(key(1)), { code: ErrorCode.NOT_FOUND });
});

test('only the newest results up to the bound are kept; operations in progress are never dropped', async () => {
  const cache = new CompletedOperationCache<number>('checkpoint', 60_000, 2);
  cache.registerOngoingOperation(key(0), new Promise(() => undefined));
  for (const n of [1, 2, 3]) {
    cache.registerOngoingOperation(key(n), Promise.resolve(n));
    await tick();
  }
  assert.deepEqual([0, 1, 2, 3].map((n) => cache.containsOperation(key(n))), [true, false, true, true]);
});
