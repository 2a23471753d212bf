/**
 * Writing frames (layout in `frame-layout.ts`). A DATA frame is written as its header plus the
 * worker's encoded buffer as is: the payload is never copied into a frame.
 */
import { ErrorCode, SluiceError } from '../../common/errors.js';
import type { CreditMessage, DataMessage } from '../task-messages.js';
import { CREDIT_BYTES, DATA_HEADER_BYTES, FrameKind, HELLO_FIXED_BYTES, ID_BYTES, LENGTH_BYTES, MAX_TASK_MANAGER_ID_BYTES, PROTOCOL_VERSION, type Hello } from './frame-layout.js';

/** Writes a 32-hex-character id as its 16 bytes at `offset`. */
function writeId(frame: Buffer, id: string, offset: number): void {
  if (id.length !== 2 * ID_BYTES || frame.write(id, offset, ID_BYTES, 'hex') !== ID_BYTES) {
    throw new SluiceError(ErrorCode.INTERNAL, `Cannot send id '${id}' to a peer: ids are ${2 * ID_BYTES} hex characters`);
  }
}

/** Writes an edge key (`<source node id>-<target node id>`, as `edgeKey` builds it) as two u32. */
function writeEdge(frame: Buffer, edge: string, offset: number): void {
  const dash = edge.indexOf('-');
  const source = Number(edge.slice(0, dash));
  const target = Number(edge.slice(dash + 1));
  if (dash < 1 || !Number.isInteger(source) || !Number.isInteger(target) || source < 0 || target < 0) {
    throw new SluiceError(ErrorCode.INTERNAL, `Cannot send edge '${edge}' to a peer: expected <source>-<target> node ids`);
  }
  frame.writeUInt32BE(source, offset);
  frame.writeUInt32BE(target, offset + 4);
}

/** The frame that opens a connection. */
export function encodeHello(hello: Hello): Buffer {
  const id = Buffer.from(hello.taskManagerId, 'utf8');
  if (id.length === 0 || id.length > MAX_TASK_MANAGER_ID_BYTES) {
    throw new SluiceError(ErrorCode.INTERNAL, `TaskManager id '${hello.taskManagerId}' must be 1 to ${MAX_TASK_MANAGER_ID_BYTES} bytes to open a data connection`);
  }
  const frame = Buffer.allocUnsafe(LENGTH_BYTES + HELLO_FIXED_BYTES + id.length);
  frame.writeUInt32BE(HELLO_FIXED_BYTES + id.length, 0);
  frame[4] = FrameKind.HELLO;
  frame[5] = PROTOCOL_VERSION;
  frame.writeUInt32BE(hello.round, 6);
  writeId(frame, hello.jobId, 10);
  frame[10 + ID_BYTES] = id.length;
  id.copy(frame, LENGTH_BYTES + HELLO_FIXED_BYTES);
  return frame;
}

/** Everything of a DATA frame before its payload; the payload (`msg.bytes`) is written after it. */
export function encodeDataHeader(msg: DataMessage): Buffer {
  const header = Buffer.allocUnsafe(LENGTH_BYTES + DATA_HEADER_BYTES);
  header.writeUInt32BE(DATA_HEADER_BYTES + msg.bytes.byteLength, 0);
  header[4] = FrameKind.DATA;
  writeId(header, msg.to, 5);
  writeId(header, msg.toAllocation, 5 + ID_BYTES);
  writeEdge(header, msg.edge, 5 + 2 * ID_BYTES);
  header.writeUInt32BE(msg.from, 13 + 2 * ID_BYTES);
  return header;
}

/** A whole CREDIT frame. */
export function encodeCredit(msg: CreditMessage): Buffer {
  const frame = Buffer.allocUnsafe(LENGTH_BYTES + CREDIT_BYTES);
  frame.writeUInt32BE(CREDIT_BYTES, 0);
  frame[4] = FrameKind.CREDIT;
  writeId(frame, msg.to, 5);
  writeId(frame, msg.toAllocation, 5 + ID_BYTES);
  writeEdge(frame, msg.edge, 5 + 2 * ID_BYTES);
  frame.writeUInt32BE(msg.channel, 13 + 2 * ID_BYTES);
  frame.writeUInt32BE(msg.credits, 17 + 2 * ID_BYTES);
  return frame;
}
