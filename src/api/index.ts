/**
 * The public API of Sluice (`import { StreamExecutionEnvironment } from 'sluice'`): everything a
 * job needs, plus the contracts the runtime uses to execute the StreamGraph a job builds.
 */
export { StreamExecutionEnvironment } from './environment.js';
export { ExecutionConfig } from './execution-config.js';
export { CheckpointConfig, CheckpointingMode, ExternalizedCheckpointRetention } from './checkpoint-config.js';
export { DataStream, KeyedStream, SingleOutputStreamOperator, type FieldExpression } from './data-stream.js';
export { DataStreamSink } from './data-stream-sink.js';
export * from './functions.js';
export * from './stream-graph.js';
export * from './execution-context.js';
export * from './state.js';
export * from './checkpoint.js';
export * from './rich-functions.js';
export * from './process-functions.js';
export { WatermarkStrategy, type Source } from './source.js';
export { DataGeneratorSource, RateLimiterStrategy } from './data-generator-source.js';
export { DiscardingSink, WriteMode } from './sinks.js';
export * from './sink-v2.js';
export { FileSink, RowFormatBuilder } from './file-sink.js';
export { OutputFileConfig, OutputFileConfigBuilder, SimpleStringEncoder, type Encoder } from './file-sink-config.js';
export type { FileSinkCommittable, FileWriterState } from './file-sink-writer.js';
export * from './rolling-policies.js';
export * from './bucket-assigners.js';
