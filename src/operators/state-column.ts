/**
 * One column of a state snapshot (a KeyTable's keys, or its values), encoded at the barrier so the
 * snapshot neither copies nor keeps the live values. The common shapes become byte arrays that
 * msgpack copies whole, instead of one msgpack item per key: ASCII string keys as one text and
 * their lengths, number keys as a Float64Array, tuples of strings and numbers (WordCount's
 * `[word, count]`) in the network's tuple-column format. Encoding item by item was most of the
 * time a WordCount task spent on a checkpoint. Anything else stays an array of values for the
 * state file's msgpack.
 */
import { decodeTupleColumns, encodeTupleColumns } from '../network/tuple-columns.js';

/** An encoded column; `decodeStateColumn` gives back the values in order. */
export type StateColumn =
  | { strings: Uint8Array; lengths: Uint32Array }
  | { numbers: Float64Array }
  | { tuples: Uint8Array }
  | { values: unknown[] };

/**
 * V8 makes a substring this long a slice that keeps its parent alive: a restored key would keep
 * the text of every key. Longer strings are therefore decoded on their own.
 */
const SLICED_STRING_MIN_LENGTH = 13;

/** Encodes `values` in the most compact form that holds them exactly. */
export function encodeStateColumn(values: unknown[]): StateColumn {
  if (values.length === 0) return { values };
  switch (typeof values[0]) {
    case 'string':
      return asciiStrings(values) ?? { values };
    case 'number':
      return numbers(values) ?? { values };
    default: {
      const tuples = encodeTupleColumns(values, 0);
      return tuples ? { tuples } : { values };
    }
  }
}

/** The values `encodeStateColumn` encoded. */
export function decodeStateColumn(column: StateColumn): unknown[] {
  if ('values' in column) return column.values;
  if ('numbers' in column) return Array.from(column.numbers);
  if ('tuples' in column) return decodeTupleColumns(column.tuples, 0);
  const buf = Buffer.from(column.strings.buffer, column.strings.byteOffset, column.strings.byteLength);
  const text = buf.toString('latin1');
  const out = new Array<string>(column.lengths.length);
  let at = 0;
  for (let i = 0; i < out.length; i++) {
    const end = at + column.lengths[i]!;
    out[i] = end - at < SLICED_STRING_MIN_LENGTH ? text.substring(at, end) : buf.toString('latin1', at, end);
    at = end;
  }
  return out;
}

/** One byte per character, so a text length is its byte length; undefined unless all are ASCII strings. */
function asciiStrings(values: unknown[]): StateColumn | undefined {
  const lengths = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'string') return undefined;
    lengths[i] = v.length;
  }
  const text = (values as string[]).join('');
  if (Buffer.byteLength(text, 'utf8') !== text.length) return undefined;
  return { strings: Buffer.from(text, 'latin1'), lengths };
}

/** Every value as a float64 (exact for any number, -0 included); undefined unless all are numbers. */
function numbers(values: unknown[]): StateColumn | undefined {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number') return undefined;
    out[i] = v;
  }
  return { numbers: out };
}
