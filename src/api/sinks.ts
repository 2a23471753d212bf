/** Sink helpers with Flink's names: write modes of file sinks, and the discarding sink. */
import type { SinkFunction } from './functions.js';

/** What a file sink does when its output file exists (Flink's FileSystem.WriteMode). */
export const WriteMode = {
  /** Fail if the file exists (an existing directory for parallel output is reused). */
  NO_OVERWRITE: 'NO_OVERWRITE',
  /** Replace existing files. */
  OVERWRITE: 'OVERWRITE',
} as const;
export type WriteMode = (typeof WriteMode)[keyof typeof WriteMode];

/** Drops every record (`addSink(new DiscardingSink())`): for benchmarks and tests. */
export class DiscardingSink<T> implements SinkFunction<T> {
  invoke(): void {}
}
