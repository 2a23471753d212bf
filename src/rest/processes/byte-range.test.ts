import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentRange, selectByteRange } from './byte-range.js';

const select = (size: number, max: number, query = {}, header?: string) => selectByteRange(size, max, query, header);

test('by default the end of the file, at most maxBytes, answered 200', () => {
  assert.deepEqual(select(100, 1000), { start: 0, end: 100, size: 100, partial: false });
  assert.deepEqual(select(5000, 1000), { start: 4000, end: 5000, size: 5000, partial: false });
  assert.deepEqual(select(0, 1000), { start: 0, end: 0, size: 0, partial: false });
});

test('Range headers: a-b (inclusive), a-, -n; cut to maxBytes; 206', () => {
  assert.deepEqual(select(5000, 1000, {}, 'bytes=10-19'), { start: 10, end: 20, size: 5000, partial: true });
  assert.deepEqual(select(5000, 1000, {}, 'bytes=4990-'), { start: 4990, end: 5000, size: 5000, partial: true });
  assert.deepEqual(select(5000, 1000, {}, 'bytes=0-4999'), { start: 0, end: 1000, size: 5000, partial: true }, 'keeps the start');
  assert.deepEqual(select(5000, 1000, {}, 'bytes=-10'), { start: 4990, end: 5000, size: 5000, partial: true });
  assert.deepEqual(select(5000, 1000, {}, 'bytes=-3000'), { start: 4000, end: 5000, size: 5000, partial: true }, 'a tail keeps the end');
  assert.deepEqual(select(50, 1000, {}, 'bytes=40-99'), { start: 40, end: 50, size: 50, partial: true }, 'last position clipped to the file');
});

test('unsatisfiable ranges are 416; malformed or multiple ranges are ignored', () => {
  assert.equal((select(50, 1000, {}, 'bytes=50-60') as { status: number }).status, 416);
  assert.equal((select(0, 1000, {}, 'bytes=-5') as { status: number }).status, 416);
  assert.equal((select(50, 1000, {}, 'bytes=-0') as { status: number }).status, 416);
  for (const ignored of ['bytes=1-2,5-6', 'items=0-1', 'bytes=9-3', 'bytes=-']) {
    assert.deepEqual(select(50, 1000, {}, ignored), { start: 0, end: 50, size: 50, partial: false }, ignored);
  }
});

test('query parameters: tail, start/end (end exclusive); they win over a Range header', () => {
  assert.deepEqual(select(5000, 1000, { tail: 10 }, 'bytes=0-1'), { start: 4990, end: 5000, size: 5000, partial: false });
  assert.deepEqual(select(5000, 1000, { tail: 4000 }), { start: 4000, end: 5000, size: 5000, partial: false });
  assert.deepEqual(select(5000, 1000, { start: 100 }), { start: 100, end: 1100, size: 5000, partial: false });
  assert.deepEqual(select(5000, 1000, { start: 100, end: 150 }), { start: 100, end: 150, size: 5000, partial: false });
  assert.deepEqual(select(5000, 1000, { end: 10 }), { start: 0, end: 10, size: 5000, partial: false });
  assert.deepEqual(select(5000, 1000, { start: 5000 }), { start: 5000, end: 5000, size: 5000, partial: false }, 'nothing new yet');
  assert.deepEqual(select(5000, 1000, { start: 5001 }), { status: 416, message: 'Offset 5001 is past the end of the file (5000 bytes).' });
  assert.equal((select(5000, 1000, { start: 10, end: 5 }) as { status: number }).status, 400);
  assert.equal((select(5000, 1000, { tail: 5, start: 1 }) as { status: number }).status, 400);
});

test('contentRange', () => {
  assert.equal(contentRange({ start: 0, end: 10, size: 50 }), 'bytes 0-9/50');
  assert.equal(contentRange({ start: 50, end: 50, size: 50 }), 'bytes */50');
});
