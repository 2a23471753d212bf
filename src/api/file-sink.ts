/**
 * Flink's FileSink for row formats (`FileSink.forRowFormat(dir, new SimpleStringEncoder())`):
 * exactly-once files under a base path. Each subtask writes records into an in-progress part file
 * per bucket (hidden: `.part-<uid>-<subtask>-<n>.inprogress`); a part rolls by its rolling policy
 * and at every checkpoint, becomes pending, and is committed — renamed to its visible name
 * `part-<uid>-<subtask>-<n>` — only when that checkpoint has completed. A restarted job removes the
 * parts written after the checkpoint it restores, so nothing it replays is visible twice. Without
 * checkpointing, parts are committed at the end of input.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import { DateTimeBucketAssigner, type BucketAssigner } from './bucket-assigners.js';
import { OutputFileConfig, type Encoder, type FileSinkConfig } from './file-sink-config.js';
import { cleanUpAfterRestore, FileCommitter, FileWriter, newWriterUid, type FileSinkCommittable, type FileWriterState } from './file-sink-writer.js';
import { DefaultRollingPolicy, type RollingPolicy } from './rolling-policies.js';
import type { Committer, Sink, StatefulSinkWriter, SupportsCommitter, SupportsWriterState, WriterInitContext } from './sink-v2.js';

export class FileSink<IN> implements Sink<IN>, SupportsWriterState<IN, FileWriterState>, SupportsCommitter<FileSinkCommittable> {
  private constructor(private readonly config: FileSinkConfig<IN>) {}

  /** A sink writing each record's encoded text into part files under `basePath` (a directory). */
  static forRowFormat<IN>(basePath: string, encoder: Encoder<IN>): RowFormatBuilder<IN> {
    if (typeof basePath !== 'string' || basePath.length === 0) throw SluiceError.user(ErrorCode.INVALID_PROGRAM, 'FileSink.forRowFormat needs a base path.');
    if (typeof encoder?.encode !== 'function') throw SluiceError.user(ErrorCode.INVALID_PROGRAM, 'FileSink.forRowFormat needs an Encoder (an object with encode(element)), e.g. new SimpleStringEncoder().');
    return new RowFormatBuilder(basePath, encoder);
  }

  /** @internal */
  static of<IN>(config: FileSinkConfig<IN>): FileSink<IN> {
    return new FileSink(config);
  }

  createWriter(context: WriterInitContext): StatefulSinkWriter<IN, FileWriterState> {
    return new FileWriter(this.config, { uid: newWriterUid(), subtask: context.getIndexOfThisSubtask(), nextPart: 0 });
  }

  restoreWriter(context: WriterInitContext, recoveredState: FileWriterState[]): StatefulSinkWriter<IN, FileWriterState> {
    cleanUpAfterRestore(this.config, recoveredState);
    const own = recoveredState.find((s) => s.subtask === context.getIndexOfThisSubtask()) ?? recoveredState[0];
    return new FileWriter(this.config, { uid: own?.uid ?? newWriterUid(), subtask: context.getIndexOfThisSubtask(), nextPart: own?.nextPart ?? 0 });
  }

  createCommitter(): Committer<FileSinkCommittable> {
    return new FileCommitter();
  }
}

export class RowFormatBuilder<IN> {
  private bucketAssigner: BucketAssigner<IN> = new DateTimeBucketAssigner<IN>();
  private rollingPolicy: RollingPolicy<IN> = DefaultRollingPolicy.builder().build<IN>();
  private outputFileConfig = OutputFileConfig.builder().build();

  /** @internal */
  constructor(private readonly basePath: string, private readonly encoder: Encoder<IN>) {}

  /** Default: DateTimeBucketAssigner (a directory per hour, `yyyy-MM-dd--HH`). */
  withBucketAssigner(assigner: BucketAssigner<IN>): this {
    this.bucketAssigner = assigner;
    return this;
  }

  /** Default: DefaultRollingPolicy (128 MiB, 60 s rollover, 60 s inactivity). */
  withRollingPolicy(policy: RollingPolicy<IN>): this {
    this.rollingPolicy = policy;
    return this;
  }

  withOutputFileConfig(config: OutputFileConfig): this {
    this.outputFileConfig = config;
    return this;
  }

  build(): FileSink<IN> {
    return FileSink.of({ basePath: this.basePath, encoder: this.encoder, bucketAssigner: this.bucketAssigner, rollingPolicy: this.rollingPolicy, outputFileConfig: this.outputFileConfig });
  }
}
