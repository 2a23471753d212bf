/**
 * Which directory under the FileSink's base path a record goes to (Flink's BucketAssigner): a
 * bucket id is a relative path, '' for the base path itself.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';

export interface BucketAssignerContext {
  currentProcessingTime(): number;
}

export interface BucketAssigner<IN> {
  getBucketId(element: IN, context: BucketAssignerContext): string;
}

/** Every record in the base path (Flink's BasePathBucketAssigner). */
export class BasePathBucketAssigner<IN> implements BucketAssigner<IN> {
  getBucketId(): string {
    return '';
  }
}

const TOKENS = /yyyy|MM|dd|HH|mm|ss/g;

/**
 * A bucket per time period of the processing time, named by `format` (Flink's DateTimeBucketAssigner,
 * default `yyyy-MM-dd--HH`: a directory per hour). Tokens: yyyy MM dd HH mm ss; local time unless
 * `utc`.
 */
export class DateTimeBucketAssigner<IN> implements BucketAssigner<IN> {
  /** The last second formatted, and its id: a bucket id is computed once per second, not per record. */
  private lastSecond = NaN;
  private lastId = '';

  constructor(private readonly format = 'yyyy-MM-dd--HH', private readonly utc = false) {
    if (typeof format !== 'string' || format.length === 0 || format.includes('..')) {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, `A DateTimeBucketAssigner needs a date format such as 'yyyy-MM-dd--HH', got '${String(format)}'.`);
    }
  }

  getBucketId(_element: IN, context: BucketAssignerContext): string {
    const now = context.currentProcessingTime();
    const second = Math.floor(now / 1000);
    if (second !== this.lastSecond) {
      this.lastSecond = second;
      this.lastId = this.format.replace(TOKENS, this.formatter(new Date(now)));
    }
    return this.lastId;
  }

  private formatter(d: Date): (token: string) => string {
    const u = this.utc;
    const parts: Record<string, number> = {
      yyyy: u ? d.getUTCFullYear() : d.getFullYear(),
      MM: (u ? d.getUTCMonth() : d.getMonth()) + 1,
      dd: u ? d.getUTCDate() : d.getDate(),
      HH: u ? d.getUTCHours() : d.getHours(),
      mm: u ? d.getUTCMinutes() : d.getMinutes(),
      ss: u ? d.getUTCSeconds() : d.getSeconds(),
    };
    return (t) => String(parts[t]).padStart(t.length, '0');
  }
}
