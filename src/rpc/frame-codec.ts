/**
 * Length-prefixed msgpack frames over a byte stream: a 4-byte big-endian length, then a msgpack
 * payload. Used by RPC (the data plane has binary frames of its own, `network/tcp`).
 */
import { Packr, Unpackr } from 'msgpackr';

/** msgpackr with records off: frames must be decodable by any peer without shared structures. */
const packr = new Packr({ useRecords: false, moreTypes: false });
const unpackr = new Unpackr({ useRecords: false });

/** Encodes one value as a frame (length prefix included). */
export function encodeFrame(value: unknown): Buffer {
  const body = packr.pack(value);
  const frame = Buffer.allocUnsafe(4 + body.length);
  frame.writeUInt32BE(body.length, 0);
  body.copy(frame, 4);
  return frame;
}

/** Largest frame accepted; a larger length prefix means a corrupt or hostile stream. */
export const MAX_FRAME_BYTES = 256 * 1024 * 1024;

/** Splits a byte stream into decoded frames. Feed it every chunk in order. */
export class FrameDecoder {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;

  constructor(private readonly onFrame: (value: unknown) => void) {}

  /** Consumes a chunk; calls onFrame for each complete frame. Throws on an oversized frame. */
  push(chunk: Buffer): void {
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.length;
    while (this.bufferedBytes >= 4) {
      const head = this.buffered[0]!.length >= 4 ? this.buffered[0]! : this.coalesce();
      const length = head.readUInt32BE(0);
      if (length > MAX_FRAME_BYTES) throw new Error(`Frame of ${length} bytes exceeds the limit of ${MAX_FRAME_BYTES}`);
      if (this.bufferedBytes < 4 + length) return;
      const all = this.coalesce();
      const value = unpackr.unpack(all.subarray(4, 4 + length));
      const rest = all.subarray(4 + length);
      this.buffered = rest.length > 0 ? [rest] : [];
      this.bufferedBytes = rest.length;
      this.onFrame(value);
    }
  }

  private coalesce(): Buffer {
    if (this.buffered.length > 1) this.buffered = [Buffer.concat(this.buffered, this.bufferedBytes)];
    return this.buffered[0]!;
  }
}
