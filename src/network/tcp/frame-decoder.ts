/**
 * Reading frames from a byte stream (layout in `frame-layout.ts`), one decoder per connection.
 * It validates as it goes, so a corrupt or hostile stream is refused at its first bad byte: a
 * declared length beyond the maximum or outside what its kind allows, an unknown frame kind or
 * buffer kind, a protocol version it does not speak, a malformed TaskManager id, and anything
 * but a HELLO first (or a second HELLO).
 */
import { ErrorCode, SluiceError } from '../../common/errors.js';
import { BufferKind } from '../buffer-kind.js';
import type { TaskMessage } from '../task-messages.js';
import { CREDIT_BYTES, DATA_HEADER_BYTES, FrameKind, HELLO_FIXED_BYTES, ID_BYTES, LENGTH_BYTES, MAX_FRAME_BYTES, MAX_TASK_MANAGER_ID_BYTES, PROTOCOL_VERSION, type Hello } from './frame-layout.js';

/** What a decoder hands on: the HELLO once, then the connection's messages (their job is the HELLO's). */
export interface FrameHandler {
  onHello(hello: Hello): void;
  onMessage(msg: TaskMessage): void;
}

const KNOWN_BUFFER_KINDS: ReadonlySet<number> = new Set(Object.values(BufferKind));
/** Control characters and the replacement character (left by bytes that are not UTF-8). */
const MALFORMED_ID_CHARS = /[\u0000-\u001f\u007f\ufffd]/;

function badInput(reason: string): SluiceError {
  return new SluiceError(ErrorCode.NETWORK_BAD_INPUT, reason, { kind: 'external' });
}

function kindName(kind: number): string {
  return Object.entries(FrameKind).find(([, k]) => k === kind)?.[0] ?? String(kind);
}

/** The lengths (after the prefix) a frame of `kind` may declare, or undefined for an unknown kind. */
function lengthBounds(kind: number): [min: number, max: number] | undefined {
  switch (kind) {
    case FrameKind.HELLO:
      return [HELLO_FIXED_BYTES + 1, HELLO_FIXED_BYTES + MAX_TASK_MANAGER_ID_BYTES];
    case FrameKind.DATA:
      return [DATA_HEADER_BYTES + 1, MAX_FRAME_BYTES];
    case FrameKind.CREDIT:
      return [CREDIT_BYTES, CREDIT_BYTES];
    default:
      return undefined;
  }
}

export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private hello?: Hello;

  constructor(private readonly handler: FrameHandler) {}

  /** Bytes received that do not make a whole frame yet. */
  get pendingBytes(): number {
    return this.buffered;
  }

  /**
   * Consumes the next chunk of the stream and hands on every frame it completes. Throws a
   * NETWORK_BAD_INPUT error at the first invalid frame; the connection is then unusable.
   */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (this.buffered >= LENGTH_BYTES + 1) {
      const head = this.chunks[0]!.length >= LENGTH_BYTES + 1 ? this.chunks[0]! : this.coalesce();
      const length = head.readUInt32BE(0);
      this.checkHeader(length, head[LENGTH_BYTES]!);
      const size = LENGTH_BYTES + length;
      if (this.buffered < size) return;
      const first = this.chunks[0]!.length >= size ? this.chunks[0]! : this.coalesce();
      const frame = first.subarray(0, size);
      if (first.length === size) this.chunks.shift();
      else this.chunks[0] = first.subarray(size);
      this.buffered -= size;
      this.decode(frame);
    }
  }

  /** The stream ended: throws if it stopped inside a frame. */
  end(): void {
    if (this.buffered === 0) return;
    const declared = this.buffered >= LENGTH_BYTES ? ` of ${LENGTH_BYTES + this.coalesce().readUInt32BE(0)}` : '';
    throw badInput(`the connection ended inside a frame (${this.buffered}${declared} bytes received)`);
  }

  /** Refuses a frame by its length prefix and kind, before waiting for its body. */
  private checkHeader(length: number, kind: number): void {
    if (length > MAX_FRAME_BYTES) throw badInput(`declared frame length ${length} exceeds the maximum of ${MAX_FRAME_BYTES} bytes`);
    const bounds = lengthBounds(kind);
    if (!bounds) throw badInput(`unknown frame kind ${kind}`);
    if (length < bounds[0] || length > bounds[1]) throw badInput(`${kindName(kind)} frame declares ${length} bytes; it must have ${bounds[0] === bounds[1] ? bounds[0] : `${bounds[0]} to ${bounds[1]}`} bytes`);
    if (this.hello === undefined && kind !== FrameKind.HELLO) throw badInput(`${kindName(kind)} frame before HELLO`);
    if (this.hello !== undefined && kind === FrameKind.HELLO) throw badInput('a second HELLO on one connection');
  }

  /** Decodes one whole frame (prefix included) whose header passed `checkHeader`. */
  private decode(frame: Buffer): void {
    const kind = frame[LENGTH_BYTES]!;
    if (kind === FrameKind.HELLO) {
      this.hello = this.decodeHello(frame);
      this.handler.onHello(this.hello);
      return;
    }
    const jobId = this.hello!.jobId;
    const to = frame.toString('hex', 5, 5 + ID_BYTES);
    const toAllocation = frame.toString('hex', 5 + ID_BYTES, 5 + 2 * ID_BYTES);
    const edge = `${frame.readUInt32BE(5 + 2 * ID_BYTES)}-${frame.readUInt32BE(9 + 2 * ID_BYTES)}`;
    if (kind === FrameKind.CREDIT) {
      this.handler.onMessage({ t: 'credit', jobId, to, toAllocation, edge, channel: frame.readUInt32BE(13 + 2 * ID_BYTES), credits: frame.readUInt32BE(17 + 2 * ID_BYTES) });
      return;
    }
    const bufferKind = frame[LENGTH_BYTES + DATA_HEADER_BYTES]!;
    if (!KNOWN_BUFFER_KINDS.has(bufferKind)) throw badInput(`unknown buffer kind ${bufferKind} in a DATA frame`);
    // A copy that owns its ArrayBuffer, so the TaskExecutor can transfer it to a worker thread.
    const bytes = new Uint8Array(frame.subarray(LENGTH_BYTES + DATA_HEADER_BYTES));
    this.handler.onMessage({ t: 'data', jobId, to, toAllocation, edge, from: frame.readUInt32BE(13 + 2 * ID_BYTES), bytes });
  }

  private decodeHello(frame: Buffer): Hello {
    const version = frame[5]!;
    if (version !== PROTOCOL_VERSION) throw badInput(`HELLO of protocol version ${version}; this TaskManager speaks version ${PROTOCOL_VERSION}`);
    const idLength = frame[10 + ID_BYTES]!;
    if (LENGTH_BYTES + HELLO_FIXED_BYTES + idLength !== frame.length) throw badInput(`HELLO's TaskManager id of ${idLength} bytes does not fill its frame of ${frame.length - LENGTH_BYTES} bytes`);
    const taskManagerId = frame.toString('utf8', LENGTH_BYTES + HELLO_FIXED_BYTES);
    if (MALFORMED_ID_CHARS.test(taskManagerId)) throw badInput('HELLO names a TaskManager id that is not printable UTF-8');
    return { taskManagerId, jobId: frame.toString('hex', 10, 10 + ID_BYTES), round: frame.readUInt32BE(6) };
  }

  private coalesce(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0]!;
  }
}
