/**
 * A record batch format for tuples of strings and numbers of one shape (WordCount's
 * `[word, 1]`): the batch stored column by column. A number column is the narrowest of
 * `Int8Array`, `Int16Array`, `Int32Array` that holds every value (integers, not -0), else a
 * `Float64Array`, so every number round-trips exactly. A string column is the column's strings
 * concatenated, stored once as bytes, with each string's length (8 or 16 bits): encoding writes
 * one string instead of one per record, and decoding decodes the text once and cuts the strings
 * out of it. Only ASCII text qualifies, so a character is a byte; other batches are left to
 * msgpack (`encodeTupleColumns` returns undefined).
 *
 * Layout after the caller's header, little-endian, every column 8-byte aligned from the start of
 * the buffer: count (u32), arity (u8), one kind byte per field, then per field its column; a
 * string column is its text's length (u32, padded to 8), the lengths, then the text.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';

/** Column kinds: how a field is stored. */
const Column = { STRING8: 0, STRING16: 1, INT8: 2, INT16: 3, INT32: 4, FLOAT64: 5 } as const;
type Column = (typeof Column)[keyof typeof Column];
type NumberArray = Int8Array | Int16Array | Int32Array | Float64Array;
const NUMBER_ARRAYS: Record<number, { new (buffer: ArrayBuffer, byteOffset: number, length: number): NumberArray; BYTES_PER_ELEMENT: number }> = {
  [Column.INT8]: Int8Array,
  [Column.INT16]: Int16Array,
  [Column.INT32]: Int32Array,
  [Column.FLOAT64]: Float64Array,
};

/** Wider tuples are rare and left to msgpack. */
const MAX_ARITY = 32;
/** String lengths are stored in at most 16 bits. */
const MAX_STRING_LENGTH = 0xffff;
/**
 * V8 makes a substring this long a slice that keeps its parent alive: a word kept as a state key
 * would hold the whole batch's text. Longer strings are therefore decoded on their own.
 */
const SLICED_STRING_MIN_LENGTH = 13;

const align8 = (n: number): number => (n + 7) & ~7;

/** Whether `v` survives an `Int32Array` unchanged (-0 would come back as 0). */
const isInt32 = (v: number): boolean => v === (v | 0) && (v !== 0 || 1 / v > 0);

/** The batch as tuple columns in a fresh buffer, leaving `header` bytes free at its start; undefined when it does not qualify. */
export function encodeTupleColumns(records: unknown[], header: number): Uint8Array | undefined {
  const first = records[0];
  if (!Array.isArray(first) || first.length === 0 || first.length > MAX_ARITY) return undefined;
  const arity = first.length;
  const count = records.length;
  for (let i = 0; i < count; i++) {
    const r = records[i];
    if (!Array.isArray(r) || r.length !== arity) return undefined;
  }
  // Column by column: each scan checks the field's type and finds its kind; strings concatenated.
  const kinds: Column[] = [];
  const texts: string[] = [];
  let size = align8(header + 5 + arity);
  for (let f = 0; f < arity; f++) {
    if (typeof first[f] === 'string') {
      const text = concatenate(records, f);
      // All ASCII: one byte per character, so lengths in characters are lengths in bytes.
      if (text === undefined || Buffer.byteLength(text, 'utf8') !== text.length) return undefined;
      const kind = longest(records, f) <= 0xff ? Column.STRING8 : Column.STRING16;
      kinds.push(kind);
      texts[f] = text;
      size += 8 + align8(count * (kind === Column.STRING8 ? 1 : 2)) + align8(text.length);
    } else {
      const kind = numberKind(records, f);
      if (kind === undefined) return undefined;
      kinds.push(kind);
      size += align8(count * NUMBER_ARRAYS[kind]!.BYTES_PER_ELEMENT);
    }
  }

  // Zero-filled: the padding between columns must not carry leftover memory to another process.
  const bytes = Buffer.alloc(size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, size);
  view.setUint32(header, count, true);
  bytes[header + 4] = arity;
  for (let f = 0; f < arity; f++) bytes[header + 5 + f] = kinds[f]!;
  let at = align8(header + 5 + arity);
  for (let f = 0; f < arity; f++) {
    const kind = kinds[f]!;
    if (kind !== Column.STRING8 && kind !== Column.STRING16) {
      const column = new NUMBER_ARRAYS[kind]!(bytes.buffer, at, count);
      for (let i = 0; i < count; i++) column[i] = (records[i] as number[])[f]!;
      at += align8(column.byteLength);
      continue;
    }
    const text = texts[f]!;
    view.setUint32(at, text.length, true);
    at += 8;
    const lengths = kind === Column.STRING8 ? new Uint8Array(bytes.buffer, at, count) : new Uint16Array(bytes.buffer, at, count);
    for (let i = 0; i < count; i++) lengths[i] = (records[i] as string[])[f]!.length;
    at += align8(lengths.byteLength);
    bytes.write(text, at, 'latin1');
    at += align8(text.length);
  }
  return new Uint8Array(bytes.buffer, 0, size);
}

/** Field `f` of every record concatenated; undefined unless all are strings of at most MAX_STRING_LENGTH. */
function concatenate(records: unknown[], f: number): string | undefined {
  let text = '';
  for (let i = 0; i < records.length; i++) {
    const v: unknown = (records[i] as unknown[])[f];
    if (typeof v !== 'string' || v.length > MAX_STRING_LENGTH) return undefined;
    text += v;
  }
  return text;
}

/** The length of the longest string in field `f`. */
function longest(records: unknown[], f: number): number {
  let max = 0;
  for (let i = 0; i < records.length; i++) max = Math.max(max, ((records[i] as string[])[f]!).length);
  return max;
}

/** The narrowest number column for field `f`; undefined unless every value is a number. */
function numberKind(records: unknown[], f: number): Column | undefined {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < records.length; i++) {
    const v: unknown = (records[i] as unknown[])[f];
    if (typeof v !== 'number') return undefined;
    if (!isInt32(v)) return allNumbers(records, f) ? Column.FLOAT64 : undefined;
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
  }
  if (lo >= -0x80 && hi < 0x80) return Column.INT8;
  return lo >= -0x8000 && hi < 0x8000 ? Column.INT16 : Column.INT32;
}

function allNumbers(records: unknown[], f: number): boolean {
  for (let i = 0; i < records.length; i++) if (typeof (records[i] as unknown[])[f] !== 'number') return false;
  return true;
}

/**
 * The records of a batch written by `encodeTupleColumns` with the same `header`. A buffer that
 * does not hold one (truncated, unknown column kind, lengths that do not add up) is a NETWORK_BAD_INPUT
 * error naming what is wrong, never records made of whatever bytes were there.
 */
export function decodeTupleColumns(encoded: Uint8Array, header: number): unknown[] {
  // Typed-array views need aligned offsets; a buffer received inside a larger one may not be.
  const bytes = encoded.byteOffset % 8 === 0 ? encoded : encoded.slice();
  const buffer = bytes.buffer as ArrayBuffer;
  const buf = Buffer.from(buffer, bytes.byteOffset, bytes.byteLength);
  const view = new DataView(buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < header + 5) throw malformed(`${bytes.byteLength} bytes are too few for its header`);
  const count = view.getUint32(header, true);
  const arity = bytes[header + 4]!;
  if (arity === 0 || arity > MAX_ARITY) throw malformed(`arity ${arity} is not 1 to ${MAX_ARITY}`);
  const fits = (end: number): void => {
    if (end > bytes.byteLength) throw malformed(`${count} records of arity ${arity} need more than its ${bytes.byteLength} bytes`);
  };
  const columns: ArrayLike<unknown>[] = [];
  let at = align8(header + 5 + arity);
  for (let f = 0; f < arity; f++) {
    const kind = bytes[header + 5 + f]!;
    if (kind !== Column.STRING8 && kind !== Column.STRING16) {
      const NumberColumn = NUMBER_ARRAYS[kind];
      if (!NumberColumn) throw malformed(`field ${f} has the unknown column kind ${kind}`);
      fits(at + count * NumberColumn.BYTES_PER_ELEMENT);
      const column = new NumberColumn(buffer, bytes.byteOffset + at, count);
      columns.push(column);
      at += align8(column.byteLength);
      continue;
    }
    fits(at + 8);
    const textLength = view.getUint32(at, true);
    at += 8;
    fits(at + count * (kind === Column.STRING8 ? 1 : 2));
    const lengths = kind === Column.STRING8 ? new Uint8Array(buffer, bytes.byteOffset + at, count) : new Uint16Array(buffer, bytes.byteOffset + at, count);
    at += align8(lengths.byteLength);
    fits(at + textLength);
    columns.push(cutStrings(buf, at, textLength, lengths, f));
    at += align8(textLength);
  }
  if (at !== bytes.byteLength) throw malformed(`its columns end at byte ${at} of ${bytes.byteLength}`);
  return assemble(columns, count, arity);
}

function malformed(reason: string): SluiceError {
  return new SluiceError(ErrorCode.NETWORK_BAD_INPUT, `Malformed record batch (tuple columns): ${reason}`);
}

/** The strings of field `f`'s column: its text decoded once, short strings cut out as copies. */
function cutStrings(buf: Buffer, start: number, textLength: number, lengths: Uint8Array | Uint16Array, f: number): string[] {
  const text = buf.toString('latin1', start, start + textLength);
  const strings = new Array<string>(lengths.length);
  let p = 0;
  for (let i = 0; i < lengths.length; i++) {
    const end = p + lengths[i]!;
    strings[i] = end - p < SLICED_STRING_MIN_LENGTH ? text.substring(p, end) : buf.toString('latin1', start + p, start + end);
    p = end;
  }
  if (p !== textLength) throw malformed(`the string lengths of field ${f} add up to ${p}, its text has ${textLength} bytes`);
  return strings;
}

/** Tuples from columns; pairs, the common case, as literals (packed arrays). */
function assemble(columns: ArrayLike<unknown>[], count: number, arity: number): unknown[] {
  const records = new Array<unknown>(count);
  if (arity === 2) {
    const [a, b] = columns as [ArrayLike<unknown>, ArrayLike<unknown>];
    for (let i = 0; i < count; i++) records[i] = [a[i], b[i]];
    return records;
  }
  for (let i = 0; i < count; i++) {
    const r: unknown[] = [];
    for (let f = 0; f < arity; f++) r.push(columns[f]![i]);
    records[i] = r;
  }
  return records;
}
