/**
 * The StreamGraph: what a job's `main` builds through the DataStream API, before chaining.
 * It holds the user's function objects, so it exists only in processes that ran `main` (the plan
 * extraction child and task workers). This is the contract between the API and the runtime
 * operators (`src/operators` turns each OperatorSpec into a running operator).
 */
import type { Sink } from './sink-v2.js';
import type { FlatMapFn, FilterFn, GeneratorFn, KeySelectorFn, MapFn, ReduceFn, SinkFn } from './functions.js';
import type { KeyedProcessFunction, ProcessFunction } from './process-functions.js';
import type { WriteMode } from './sinks.js';

/**
 * How records move from one operator to the next (Flink's StreamPartitioner kinds). `auto` means
 * the program chose none: graph generation picks `forward` when both sides have the same
 * parallelism and `rebalance` otherwise (Flink's default), because parallelism may only be known
 * from the cluster's `parallelism.default`. A JobGraph never carries `auto`.
 */
export type PartitionerKind = 'forward' | 'rebalance' | 'hash' | 'broadcast' | 'shuffle' | 'global' | 'rescale' | 'auto';

/** Where a source's records come from. Bounded sources finish when exhausted. */
export type SourceSpec =
  | { type: 'elements'; elements: readonly unknown[] }
  | { type: 'sequence'; from: number; to: number }
  /** Lines of a text file, read on the TaskManager; each subtask reads the lines starting in its byte range. */
  | { type: 'textFile'; path: string }
  /** Lines from a TCP socket (non-parallel); ends when the peer closes the connection. */
  | { type: 'socket'; hostname: string; port: number; delimiter: string }
  /**
   * `generator(index)` for the indices `0..count-1` (count may be Infinity: unbounded), split in
   * contiguous ranges across subtasks, at most `recordsPerSecond` in total when set.
   */
  | { type: 'generator'; generator: GeneratorFn<unknown>; count: number; recordsPerSecond?: number };

/** Where a sink's records go. */
export type SinkSpec =
  | { type: 'print'; stderr: boolean; sinkIdentifier?: string }
  | { type: 'function'; fn: SinkFn<unknown> }
  | { type: 'discard' }
  /** Each record's text as a line of a file: `path` itself at parallelism 1, else `path/<subtask+1>`. */
  | { type: 'textFile'; path: string; writeMode: WriteMode }
  /** Results sent to the client of `executeAndCollect()` (through the JobMaster). */
  | { type: 'collect' }
  /** A Sink V2 (`sinkTo`): its writer, and its committer if it has one. */
  | { type: 'sinkV2'; sink: Sink<unknown> };

/** Built-in keyed aggregations (`sum(1)`, `min('field')`, ...). */
export type AggregationKind = 'sum' | 'min' | 'max' | 'minBy' | 'maxBy';

/** What one StreamNode does. */
export type OperatorSpec =
  | { kind: 'source'; source: SourceSpec }
  | { kind: 'map'; fn: MapFn<unknown, unknown> }
  | { kind: 'flatMap'; fn: FlatMapFn<unknown, unknown> }
  | { kind: 'filter'; fn: FilterFn<unknown> }
  | { kind: 'keyedReduce'; fn: ReduceFn<unknown> }
  | { kind: 'keyedAggregation'; aggregation: AggregationKind; field: number | string }
  | { kind: 'process'; fn: ProcessFunction<unknown, unknown> }
  | { kind: 'keyedProcess'; fn: KeyedProcessFunction<unknown, unknown, unknown> | ProcessFunction<unknown, unknown> }
  | { kind: 'sink'; sink: SinkSpec };

/** Whether an operator may be chained to its predecessor / successors (Flink's ChainingStrategy). */
export type ChainingStrategy = 'ALWAYS' | 'HEAD' | 'NEVER';

/**
 * One operator of the StreamGraph. `id` is its transformation id: dense from 1, in creation order
 * (an operator is created after its inputs, so ascending ids are a topological order). `name` is
 * Flink's operator name: sources and sinks carry the `Source: ` / `Sink: ` prefix.
 */
export interface StreamNode {
  id: number;
  name: string;
  /** User-fixed id (`uid(...)`), stable across versions of the job. */
  uid?: string;
  /** Parallelism set on the operator, or undefined for the job default. */
  parallelism?: number;
  maxParallelism?: number;
  operator: OperatorSpec;
  /** For keyed operators: the key selector of their (keyed) input. */
  keySelector?: KeySelectorFn<unknown, unknown>;
  chainingStrategy: ChainingStrategy;
}

/** A connection between two StreamNodes. */
export interface StreamEdge {
  sourceId: number;
  targetId: number;
  partitioner: PartitionerKind;
}

/** The whole graph, plus the job-level settings captured from the environment. */
export interface StreamGraph {
  jobName: string;
  nodes: StreamNode[];
  edges: StreamEdge[];
  /** Job-wide default parallelism, if the program set one (`env.setParallelism`). */
  parallelism?: number;
  maxParallelism?: number;
  /** The job configuration keys of the program's checkpoint settings (enableCheckpointing, getCheckpointConfig()). */
  checkpointConfig?: Record<string, string>;
}
