/**
 * Serialization of record batches where they leave a worker thread, one call per batch. An
 * encoded batch is a network buffer: its first byte is the buffer kind (`RECORD_BATCH`), so a
 * channel can carry events between batches (see `buffer-kind.ts`) without any field on the batch.
 * The second byte is the batch's format: tuple columns (`tuple-columns.ts`) when every record is
 * a tuple of strings and numbers of one shape, as in a keyed WordCount's `[word, 1]`; msgpack for
 * anything else.
 */
import { Packr, Unpackr } from 'msgpackr';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { BufferKind } from './buffer-kind.js';
import { decodeTupleColumns, encodeTupleColumns } from './tuple-columns.js';

const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false });

/** The byte after the buffer kind. */
const BatchFormat = { MSGPACK: 0, TUPLE_COLUMNS: 1 } as const;
/** Kind and format bytes. */
const HEADER = 2;

/** Packs a batch into a fresh buffer (kind byte, format byte, records) that can be transferred to another thread. */
export function encodeRecordBatch(records: unknown[]): Uint8Array {
  const columns = encodeTupleColumns(records, HEADER);
  if (columns) return withHeader(columns, BatchFormat.TUPLE_COLUMNS);
  // msgpackr returns a view into a reused buffer: copy so the bytes can be transferred.
  const packed = packr.pack(records);
  const bytes = new Uint8Array(packed.byteLength + HEADER);
  bytes.set(packed, HEADER);
  return withHeader(bytes, BatchFormat.MSGPACK);
}

/** The records of a buffer written by `encodeRecordBatch`; a buffer in no known format is a NETWORK_BAD_INPUT error. */
export function decodeRecordBatch(bytes: Uint8Array): unknown[] {
  switch (bytes[1]) {
    case BatchFormat.TUPLE_COLUMNS:
      return decodeTupleColumns(bytes, HEADER);
    case BatchFormat.MSGPACK:
      try {
        return unpackr.unpack(bytes.subarray(HEADER)) as unknown[];
      } catch (err) {
        throw new SluiceError(ErrorCode.NETWORK_BAD_INPUT, `Malformed record batch (msgpack): ${err instanceof Error ? err.message : String(err)}`);
      }
    default:
      throw new SluiceError(ErrorCode.NETWORK_BAD_INPUT, `Malformed record batch: unknown format byte ${String(bytes[1])}`);
  }
}

function withHeader(bytes: Uint8Array, format: number): Uint8Array {
  bytes[0] = BufferKind.RECORD_BATCH;
  bytes[1] = format;
  return bytes;
}
