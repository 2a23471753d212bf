import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferKind } from './buffer-kind.js';
import { encodeEvent } from './event-codec.js';
import { END_OF_PARTITION, EventType, SnapshotKind, StopMode, type TaskEvent } from './events.js';
import { decodeNetworkBuffer } from './network-buffer.js';
import { encodeRecordBatch } from './record-batch-codec.js';

test('every event survives encoding, behind the EVENT kind byte', () => {
  const events: TaskEvent[] = [
    END_OF_PARTITION,
    { type: EventType.CHECKPOINT_BARRIER, checkpointId: 42, timestamp: 1_796_303_865_636, kind: SnapshotKind.CHECKPOINT },
    { type: EventType.CHECKPOINT_BARRIER, checkpointId: 43, timestamp: 1, kind: SnapshotKind.SAVEPOINT },
    { type: EventType.WATERMARK, timestamp: -5 },
    { type: EventType.PROBE, seq: 3, recordsBefore: 400 },
    { type: EventType.END_OF_DATA, stopMode: StopMode.DRAIN },
    { type: EventType.END_OF_DATA, stopMode: StopMode.NO_DRAIN },
  ];
  for (const event of events) {
    const bytes = encodeEvent(event);
    assert.equal(bytes[0], BufferKind.EVENT);
    assert.deepEqual(decodeNetworkBuffer(bytes), event);
  }
});

test('a record batch costs one kind byte and decodes as an array', () => {
  const bytes = encodeRecordBatch([['a', 1]]);
  assert.equal(bytes[0], BufferKind.RECORD_BATCH);
  assert.deepEqual(decodeNetworkBuffer(bytes), [['a', 1]]);
});

test('buffers that are not one are NETWORK_BAD_INPUT errors naming what is wrong', () => {
  const bad: [Uint8Array, RegExp][] = [
    [new Uint8Array(0), /empty buffer/],
    [new Uint8Array([9, 1]), /unknown buffer kind 9/],
    [new Uint8Array([BufferKind.EVENT, 77]), /unknown event type 77/],
    [new Uint8Array([BufferKind.EVENT, EventType.WATERMARK, 1]), /3 bytes, expected 10/],
    [encodeEvent({ type: EventType.END_OF_DATA, stopMode: 7 as StopMode }), /unknown stop mode 7/],
    [new Uint8Array([BufferKind.RECORD_BATCH, 0, 0x2a]), /not an array/],
    [new Uint8Array([BufferKind.RECORD_BATCH, 0, 0x92, 0x01]), /Malformed record batch \(msgpack\)/],
    [new Uint8Array([BufferKind.RECORD_BATCH, 0x2a]), /unknown format byte 42/],
  ];
  for (const [bytes, message] of bad) assert.throws(() => decodeNetworkBuffer(bytes), { code: 'NETWORK_BAD_INPUT', message });
});
