/** The end of a stream (Flink's DataStreamSink). */
import { checkMaxParallelism, checkParallelism } from './parallelism.js';
import { operatorName } from './stream-graph-builder.js';
import type { StreamNode } from './stream-graph.js';

/** Returned by `print()`, `addSink(...)`, ...: configures the sink operator fluently. */
export class DataStreamSink<T> {
  /** Type of the records the sink receives; exists for the type checker only. */
  declare readonly recordType?: T;

  /** Created by the sink methods of DataStream, not by user code. */
  constructor(private readonly node: StreamNode) {}

  setParallelism(parallelism: number): this {
    this.node.parallelism = checkParallelism(parallelism);
    return this;
  }

  setMaxParallelism(maxParallelism: number): this {
    this.node.maxParallelism = checkMaxParallelism(maxParallelism);
    return this;
  }

  /** Names the sink; it is shown as `Sink: <name>`. */
  name(name: string): this {
    this.node.name = operatorName(this.node.operator.kind, name);
    return this;
  }

  /** Fixes the operator id across versions of the job (for savepoints). */
  uid(uid: string): this {
    this.node.uid = uid;
    return this;
  }

  /** Runs the sink in its own task, never chained to its input. */
  disableChaining(): this {
    this.node.chainingStrategy = 'NEVER';
    return this;
  }
}
