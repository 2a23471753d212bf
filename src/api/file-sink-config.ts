/**
 * What a FileSink is built with: how records become text (Encoder), how its part files are named
 * (OutputFileConfig), and the whole configuration its writers share (FileSinkConfig).
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { BucketAssigner } from './bucket-assigners.js';
import type { RollingPolicy } from './rolling-policies.js';

/** Turns a record into the text written for it, line end included (Flink's Encoder). */
export interface Encoder<IN> {
  encode(element: IN): string;
}

/** Each record's string form and a newline (Flink's SimpleStringEncoder). */
export class SimpleStringEncoder<IN> implements Encoder<IN> {
  /** Only UTF-8 is written; the charset argument is accepted for Flink's signature. */
  constructor(charset = 'UTF-8') {
    if (!/^utf-?8$/i.test(charset)) throw SluiceError.user(ErrorCode.INVALID_PROGRAM, `SimpleStringEncoder writes UTF-8 only, got charset '${charset}'.`);
  }

  encode(element: IN): string {
    return `${String(element)}\n`;
  }
}

/** Part file names: `<prefix>-<uid>-<subtask>-<n><suffix>` (Flink's OutputFileConfig; prefix `part`). */
export class OutputFileConfig {
  private constructor(readonly partPrefix: string, readonly partSuffix: string) {}

  static builder(): OutputFileConfigBuilder {
    return new OutputFileConfigBuilder();
  }

  /** @internal */
  static of(partPrefix: string, partSuffix: string): OutputFileConfig {
    for (const part of [partPrefix, partSuffix]) {
      if (/[/\\]/.test(part)) throw SluiceError.user(ErrorCode.INVALID_PROGRAM, `A part file prefix or suffix cannot contain a path separator: '${part}'.`);
    }
    return new OutputFileConfig(partPrefix, partSuffix);
  }
}

export class OutputFileConfigBuilder {
  private prefix = 'part';
  private suffix = '';

  withPartPrefix(prefix: string): this {
    this.prefix = prefix;
    return this;
  }

  withPartSuffix(suffix: string): this {
    this.suffix = suffix;
    return this;
  }

  build(): OutputFileConfig {
    return OutputFileConfig.of(this.prefix, this.suffix);
  }
}

/** Everything a FileSink's writers need, fixed when the sink is built. */
export interface FileSinkConfig<IN> {
  basePath: string;
  encoder: Encoder<IN>;
  bucketAssigner: BucketAssigner<IN>;
  rollingPolicy: RollingPolicy<IN>;
  outputFileConfig: OutputFileConfig;
}
