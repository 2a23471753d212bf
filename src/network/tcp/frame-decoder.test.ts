import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode, SluiceError } from '../../common/errors.js';
import { newId } from '../../common/ids.js';
import { BufferKind } from '../buffer-kind.js';
import type { CreditMessage, DataMessage, TaskMessage } from '../task-messages.js';
import { FrameDecoder } from './frame-decoder.js';
import { encodeCredit, encodeDataHeader, encodeHello } from './frame-encoder.js';
import { FrameKind, MAX_FRAME_BYTES, type Hello } from './frame-layout.js';

const hello: Hello = { taskManagerId: 'tm-1', jobId: newId(), round: 3 };

function data(payload: number[]): DataMessage {
  return { t: 'data', jobId: hello.jobId, to: newId(), toAllocation: newId(), edge: '1-2', from: 4, bytes: Uint8Array.from(payload) };
}

function credit(): CreditMessage {
  return { t: 'credit', jobId: hello.jobId, to: newId(), toAllocation: newId(), edge: '3-17', channel: 2, credits: 5 };
}

function frameOf(msg: TaskMessage): Buffer {
  return msg.t === 'data' ? Buffer.concat([encodeDataHeader(msg), msg.bytes]) : encodeCredit(msg);
}

function decoder(): { decoder: FrameDecoder; hellos: Hello[]; messages: TaskMessage[] } {
  const hellos: Hello[] = [];
  const messages: TaskMessage[] = [];
  return { decoder: new FrameDecoder({ onHello: (h) => hellos.push(h), onMessage: (m) => messages.push(m) }), hellos, messages };
}

/** Asserts that feeding `chunks` is refused as bad input with a reason matching `reason`. */
function assertRefused(chunks: Buffer[], reason: RegExp, finish = false): void {
  const { decoder: d } = decoder();
  assert.throws(() => {
    for (const c of chunks) d.push(c);
    if (finish) d.end();
  }, (err: unknown) => err instanceof SluiceError && err.code === ErrorCode.NETWORK_BAD_INPUT && reason.test(err.message));
}

describe('FrameDecoder', () => {
  it('decodes a HELLO, then data and credit of its job, many frames in one read', () => {
    const { decoder: d, hellos, messages } = decoder();
    const sent = [data([BufferKind.RECORD_BATCH, 1, 2, 3]), credit(), data([BufferKind.EVENT])];
    d.push(Buffer.concat([encodeHello(hello), ...sent.map(frameOf)]));
    assert.deepEqual(hellos, [hello]);
    assert.deepEqual(messages, sent);
    assert.equal(d.pendingBytes, 0);
    d.end();
  });

  it('reassembles frames split across reads, one byte at a time', () => {
    const { decoder: d, messages } = decoder();
    const sent = [data([BufferKind.RECORD_BATCH, ...Array.from({ length: 300 }, (_, i) => i % 256)]), credit()];
    const stream = Buffer.concat([encodeHello(hello), ...sent.map(frameOf)]);
    for (let i = 0; i < stream.length; i++) d.push(stream.subarray(i, i + 1));
    assert.deepEqual(messages, sent);
  });

  it('hands payloads that own their ArrayBuffer (transferable to a worker)', () => {
    const { decoder: d, messages } = decoder();
    d.push(Buffer.concat([encodeHello(hello), frameOf(data([BufferKind.RECORD_BATCH, 9])), frameOf(data([BufferKind.RECORD_BATCH, 8]))]));
    for (const m of messages) {
      assert.equal(m.t, 'data');
      if (m.t === 'data') assert.equal(m.bytes.byteLength, m.bytes.buffer.byteLength);
    }
  });

  it('refuses a truncated frame when the stream ends', () => {
    const frame = frameOf(data([BufferKind.RECORD_BATCH, 1, 2, 3]));
    assertRefused([encodeHello(hello), frame.subarray(0, frame.length - 2)], /ended inside a frame \(\d+ of \d+ bytes received\)/, true);
    assertRefused([encodeHello(hello), frame.subarray(0, 2)], /ended inside a frame \(2 bytes received\)/, true);
  });

  it('refuses an oversized length prefix before buffering the body', () => {
    const head = Buffer.alloc(5);
    head.writeUInt32BE(MAX_FRAME_BYTES + 1, 0);
    head[4] = FrameKind.DATA;
    assertRefused([encodeHello(hello), head], /declared frame length \d+ exceeds the maximum/);
    // Text sent to the data port (an HTTP request) reads as an absurd length.
    assertRefused([Buffer.from('GET / HTTP/1.1\r\n\r\n')], /exceeds the maximum/);
  });

  it('refuses an unknown frame kind, and lengths its kind does not allow', () => {
    assertRefused([Buffer.from([0, 0, 0, 1, 0x7f])], /unknown frame kind 127/);
    const short = encodeCredit(credit());
    short.writeUInt32BE(10, 0);
    assertRefused([encodeHello(hello), short], /CREDIT frame declares 10 bytes; it must have 49 bytes/);
  });

  it('refuses a frame before HELLO, and a second HELLO', () => {
    assertRefused([frameOf(credit())], /CREDIT frame before HELLO/);
    assertRefused([encodeHello(hello), encodeHello(hello)], /a second HELLO/);
  });

  it('refuses an unknown buffer kind, another protocol version and a malformed TaskManager id', () => {
    assertRefused([encodeHello(hello), frameOf(data([0xee, 1]))], /unknown buffer kind 238/);
    const otherVersion = encodeHello(hello);
    otherVersion[5] = 9;
    assertRefused([otherVersion], /protocol version 9/);
    assertRefused([encodeHello({ ...hello, taskManagerId: 'tm\u0000x' })], /not printable UTF-8/);
    const wrongIdLength = encodeHello(hello);
    wrongIdLength[26] = 200;
    assertRefused([wrongIdLength], /TaskManager id of 200 bytes does not fill its frame/);
  });
});
