/**
 * One column of a state snapshot (a KeyTable's keys, or its values), encoded at the barrier so the
 * snapshot neither copies nor keeps the live values. The common shapes (ASCII string or number
 * keys, tuples of strings and numbers such as WordCount's `[word, count]`) become one byte array in
 * the network's tuple-column format, which msgpack then copies whole, instead of one msgpack item
 * per key: encoding item by item was most of the time a WordCount task spent on a checkpoint.
 * Anything else stays an array of values for the state file's msgpack.
 */
import { decodeTupleColumns, encodeTupleColumns } from '../network/tuple-columns.js';

/** An encoded column; `decodeStateColumn` gives back the values in order. */
export type StateColumn =
  /** Tuple columns; with `scalars`, of 1-tuples each wrapping one string or number. */
  | { tuples: Uint8Array; scalars?: true }
  | { values: unknown[] };

/** Encodes `values` in the most compact form that holds them exactly. */
export function encodeStateColumn(values: unknown[]): StateColumn {
  if (values.length === 0) return { values };
  const scalars = typeof values[0] === 'string' || typeof values[0] === 'number';
  const tuples = encodeTupleColumns(scalars ? values.map((v) => [v]) : values, 0);
  if (!tuples) return { values };
  return scalars ? { tuples, scalars } : { tuples };
}

/** The values `encodeStateColumn` encoded. */
export function decodeStateColumn(column: StateColumn): unknown[] {
  if ('values' in column) return column.values;
  const records = decodeTupleColumns(column.tuples, 0);
  return column.scalars ? records.map((r) => (r as unknown[])[0]) : records;
}
