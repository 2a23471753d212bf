/**
 * Which bytes of a log file one request gets. Never more than `maxBytes` (rest.log.max-bytes):
 *
 * - `?tail=n`: the last n bytes; `?start=a[&end=b]`: bytes a (inclusive) to b (exclusive, default
 *   the end of the file). Answered 200; `start` past the end is unsatisfiable, `start` at the end
 *   gives an empty body (nothing new yet, for a client following a file).
 * - otherwise a `Range: bytes=a-b | a- | -n` header (one range; b inclusive, as HTTP has it),
 *   answered 206 with `Content-Range`; a header that is not one such range is ignored (RFC 9110).
 * - otherwise the end of the file, 200.
 *
 * A selection longer than `maxBytes` keeps its start, except tails (`tail`, `-n`, the default),
 * which keep their end.
 */

/** The `start`/`end`/`tail` query parameters (validated as non-negative integers by the route schema). */
export interface LogRangeQuery {
  start?: number;
  end?: number;
  tail?: number;
}

/** Bytes `[start, end)` of a file of `size` bytes; `partial` means a 206 answer to a Range header. */
export interface ByteRange {
  start: number;
  end: number;
  size: number;
  partial: boolean;
}

/** A selection the file cannot satisfy (416), or parameters that contradict each other (400). */
export interface RangeProblem {
  status: 400 | 416;
  message: string;
}

const RANGE_HEADER = /^bytes=(\d*)-(\d*)$/;

function fromStart(start: number, end: number, size: number, maxBytes: number, partial: boolean): ByteRange {
  return { start, end: Math.min(end, size, start + maxBytes), size, partial };
}

function tail(n: number, size: number, maxBytes: number, partial: boolean): ByteRange {
  return { start: Math.max(0, size - Math.min(n, maxBytes)), end: size, size, partial };
}

function fromQuery(q: LogRangeQuery, size: number, maxBytes: number): ByteRange | RangeProblem {
  if (q.tail !== undefined && (q.start !== undefined || q.end !== undefined)) return { status: 400, message: "Query parameter 'tail' cannot be combined with 'start' or 'end'." };
  if (q.tail !== undefined) return tail(q.tail, size, maxBytes, false);
  const start = q.start ?? 0;
  if (q.end !== undefined && q.end < start) return { status: 400, message: `Query parameter 'end' (${q.end}) is before 'start' (${start}).` };
  if (start > size) return { status: 416, message: `Offset ${start} is past the end of the file (${size} bytes).` };
  return fromStart(start, q.end ?? size, size, maxBytes, false);
}

function fromHeader(header: string, size: number, maxBytes: number): ByteRange | RangeProblem | undefined {
  const m = RANGE_HEADER.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  const unsatisfiable: RangeProblem = { status: 416, message: `Range '${header}' is not satisfiable: the file has ${size} bytes.` };
  if (m[1] === '') {
    const n = Number(m[2]);
    return n > 0 && size > 0 ? tail(n, size, maxBytes, true) : unsatisfiable;
  }
  const first = Number(m[1]);
  const last = m[2] === '' ? Infinity : Number(m[2]);
  if (last < first) return undefined;
  return first < size ? fromStart(first, last + 1, size, maxBytes, true) : unsatisfiable;
}

/** The bytes to send for a request, or why there are none. */
export function selectByteRange(size: number, maxBytes: number, query: LogRangeQuery, rangeHeader: string | undefined): ByteRange | RangeProblem {
  if (query.tail !== undefined || query.start !== undefined || query.end !== undefined) return fromQuery(query, size, maxBytes);
  const ranged = rangeHeader === undefined ? undefined : fromHeader(rangeHeader, size, maxBytes);
  return ranged ?? tail(maxBytes, size, maxBytes, false);
}

/** `bytes a-b/size` (b inclusive); for an empty selection the form without positions (`bytes *` + `/size`). */
export function contentRange(range: Pick<ByteRange, 'start' | 'end' | 'size'>): string {
  return range.end > range.start ? `bytes ${range.start}-${range.end - 1}/${range.size}` : `bytes */${range.size}`;
}
