/** Decoding of a network buffer by its kind byte: a record batch or an event (see `buffer-kind.ts`). */
import { ErrorCode, SluiceError } from '../common/errors.js';
import { BufferKind } from './buffer-kind.js';
import { decodeEvent } from './event-codec.js';
import type { ChannelPayload } from './events.js';
import { decodeRecordBatch } from './record-batch-codec.js';

/** What an encoded buffer holds; a buffer that is not one is a NETWORK_BAD_INPUT error. */
export function decodeNetworkBuffer(bytes: Uint8Array): ChannelPayload {
  switch (bytes[0]) {
    case BufferKind.RECORD_BATCH: {
      const records = decodeRecordBatch(bytes);
      if (!Array.isArray(records)) throw new SluiceError(ErrorCode.NETWORK_BAD_INPUT, 'a record batch that is not an array');
      return records;
    }
    case BufferKind.EVENT:
      return decodeEvent(bytes);
    default:
      throw new SluiceError(ErrorCode.NETWORK_BAD_INPUT, bytes.byteLength === 0 ? 'an empty buffer' : `unknown buffer kind ${String(bytes[0])}`);
  }
}
