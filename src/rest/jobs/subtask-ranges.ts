/** Flink's `subtasks` query parameter of aggregated subtask metrics: integer ranges such as "1,3,5-9". */
import { ErrorCode, SluiceError } from '../../common/errors.js';
import { commaList } from '../http/metric-collections.js';

/**
 * Whether a subtask index is in the ranges (a test, not a set, so "0-99999999" costs nothing);
 * 400 for anything that is not `n` or `n-m` with n <= m.
 */
export function parseSubtaskRanges(value: string): (index: number) => boolean {
  const ranges = commaList(value).map((range) => {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(range);
    const from = Number(m?.[1]);
    const to = m?.[2] === undefined ? from : Number(m[2]);
    if (!m || to < from) {
      throw SluiceError.user(ErrorCode.BAD_REQUEST, `Invalid query parameter 'subtasks': '${range}' is not a subtask index or a range like 5-9`);
    }
    return { from, to };
  });
  return (index) => ranges.some((r) => index >= r.from && index <= r.to);
}
