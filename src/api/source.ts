/**
 * The unified source API's entry points (Flink's `Source` and `WatermarkStrategy`), used with
 * `env.fromSource(source, watermarkStrategy, name)`. Sources are built in: a Source describes
 * itself as a SourceSpec of the StreamGraph, which the runtime knows how to read.
 */
import type { SourceSpec } from './stream-graph.js';

/** A source of records of type `T`. */
export interface Source<T> {
  /** The record type; exists for the type checker only. */
  readonly recordType?: T;
  /** How the StreamGraph describes this source. */
  toSourceSpec(): SourceSpec;
}

/**
 * How records get event-time timestamps and watermarks. Only `noWatermarks()` exists until
 * event time does: records carry no timestamps.
 */
export class WatermarkStrategy<T> {
  /** The record type; exists for the type checker only. */
  declare readonly recordType?: T;

  private constructor() {}

  static noWatermarks<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>();
  }
}
