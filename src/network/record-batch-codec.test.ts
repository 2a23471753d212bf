import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BufferKind } from './buffer-kind.js';
import { decodeRecordBatch, encodeRecordBatch } from './record-batch-codec.js';

/** The format byte after the buffer kind: 1 for tuple columns, 0 for msgpack. */
const TUPLE_COLUMNS = 1;
const MSGPACK = 0;

function roundTrip(records: unknown[], format: number): void {
  const bytes = encodeRecordBatch(records);
  assert.equal(bytes[0], BufferKind.RECORD_BATCH);
  assert.equal(bytes[1], format, 'format byte');
  // deepStrictEqual tells -0 from 0 and compares NaN by identity: "exactly".
  assert.deepStrictEqual(decodeRecordBatch(bytes), records);
}

test('[word, count] batches travel as tuple columns and come back equal', () => {
  const words = ['the', 'a', '', 'supercalifragilistic', 'x'.repeat(13), 'y'.repeat(12), 'tab\there', '\u0000nul', 'ascii~\u007f'];
  roundTrip(Array.from({ length: 1024 }, (_, i) => [words[i % words.length]!, i % 7]), TUPLE_COLUMNS);
});

test('numbers that are not 32-bit integers round-trip exactly', () => {
  const values = [-0, 0, NaN, Infinity, -Infinity, 1.5, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 + 2, -1e-300];
  roundTrip(values.map((v, i) => [`k${i}`, v]), TUPLE_COLUMNS);
  roundTrip(values.map((v) => [v, v, 'tail']), TUPLE_COLUMNS);
  roundTrip([[-0]], TUPLE_COLUMNS);
});

test('integer columns at the edges of each width, strings past 255 characters', () => {
  for (const edges of [[-128, 127], [-129, 127], [-128, 128], [-32768, 32767], [-32769, 0], [0, 32768], [-(2 ** 31), 2 ** 31 - 1]]) {
    roundTrip(edges.map((v) => ['w', v]), TUPLE_COLUMNS);
  }
  roundTrip([['s'.repeat(255), 1], ['t'.repeat(256), 2], ['u'.repeat(65_535), 3]], TUPLE_COLUMNS);
});

test('tuples of other arities and field orders', () => {
  roundTrip([['only']], TUPLE_COLUMNS);
  roundTrip([[1, 'a', 2, 'b'], [3, 'c', 4, 'd']], TUPLE_COLUMNS);
  roundTrip(Array.from({ length: 300 }, (_, i) => [i, i * 2]), TUPLE_COLUMNS);
});

test('any other batch falls back to msgpack and round-trips', () => {
  const batches: unknown[][] = [
    [],
    ['plain', 'strings'],
    [1, 2, 3],
    [{ word: 'a', count: 1 }],
    [['a', 1], ['b', 2, 3]],
    [['a', 1], ['b', '2']],
    [['a', 1], { 0: 'b', 1: 2 }],
    [['a', 1], null],
    [['a', true]],
    [['a', null]],
    [[['nested'], 1]],
    [['a', 1n]],
    [['naïve', 1]],
    [['日本語', 1], ['emoji 🎉', 2]],
    [['z'.repeat(70_000), 1]],
    [Array.from({ length: 40 }, (_, i) => i)],
  ];
  for (const batch of batches) roundTrip(batch, MSGPACK);
});

test('a batch received at an unaligned offset inside a larger buffer decodes', () => {
  const records = [['hello', 1], ['world', 2.5]];
  const bytes = encodeRecordBatch(records);
  const frame = new Uint8Array(bytes.byteLength + 3);
  frame.set(bytes, 3);
  assert.deepStrictEqual(decodeRecordBatch(frame.subarray(3)), records);
});

test('a malformed batch is an error naming what is wrong, not records made of stray bytes', () => {
  const bytes = encodeRecordBatch([['hello', 1], ['world', 2]]);
  const fails = (tampered: Uint8Array, message: RegExp): void => {
    assert.throws(() => decodeRecordBatch(tampered), (err: Error & { code?: string }) => err.code === 'NETWORK_BAD_INPUT' && message.test(err.message));
  };
  fails(bytes.subarray(0, bytes.byteLength - 8), /need more than its \d+ bytes|columns end at/);
  fails(bytes.subarray(0, 4), /too few for its header/);
  const unknownFormat = bytes.slice();
  unknownFormat[1] = 9;
  fails(unknownFormat, /unknown format byte 9/);
  const noArity = bytes.slice();
  noArity[6] = 0;
  fails(noArity, /arity 0/);
  const unknownKind = bytes.slice();
  unknownKind[8] = 42;
  fails(unknownKind, /field 1 has the unknown column kind 42/);
  const tooMany = bytes.slice();
  new DataView(tooMany.buffer).setUint32(2, 1_000_000, true);
  fails(tooMany, /1000000 records of arity 2 need more/);
  const longer = bytes.slice();
  // The first string's length (after the header, the kinds and the text length).
  longer[24] = 6;
  fails(longer, /string lengths of field 0 add up to 11, its text has 10 bytes/);
});

