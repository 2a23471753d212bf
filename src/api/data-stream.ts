/**
 * The DataStream API's stream types (Flink's DataStream, SingleOutputStreamOperator and
 * KeyedStream). They live in one module because each creates the others: splitting them would
 * make a module cycle whose load order breaks `extends`.
 */
import type { Sink } from './sink-v2.js';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { DataStreamSink } from './data-stream-sink.js';
import type { StreamExecutionEnvironment } from './environment.js';
import { collectResults, takeResults, type CloseableIterator } from './execution-context.js';
import type { FilterFn, FlatMapFn, KeySelectorFn, MapFn, ReduceFn, SinkFn } from './functions.js';
import { checkMaxParallelism, checkParallelism, checkSourceParallelism } from './parallelism.js';
import type { KeyedProcessFunction, ProcessFunction } from './process-functions.js';
import { DiscardingSink, WriteMode } from './sinks.js';
import { operatorName, type StreamGraphBuilder, type StreamInput } from './stream-graph-builder.js';
import type { AggregationKind, OperatorSpec, PartitionerKind, SinkSpec, StreamNode } from './stream-graph.js';

/**
 * How a keyed aggregation names the field it works on: a position for tuples (JS arrays), a
 * property name for objects, and 0 (the value itself) for primitives, as in Flink.
 */
export type FieldExpression<T> = T extends readonly unknown[] ? number : T extends object ? Extract<keyof T, string> : 0;

/** A stream of records of type `T`. Every transformation returns a new stream. */
export class DataStream<T> {
  /** Created by the environment and by transformations, not by user code. */
  constructor(
    protected readonly environment: StreamExecutionEnvironment,
    protected readonly builder: StreamGraphBuilder,
    protected readonly inputs: readonly StreamInput[],
  ) {}

  getExecutionEnvironment(): StreamExecutionEnvironment {
    return this.environment;
  }

  map<R>(mapper: MapFn<T, R>): SingleOutputStreamOperator<R> {
    return this.transform('Map', { kind: 'map', fn: mapper as MapFn<unknown, unknown> });
  }

  /** `flatMapper` is a FlatMapFunction object (e.g. `new Tokenizer()`) or a `(value, out) => void` function. */
  flatMap<R>(flatMapper: FlatMapFn<T, R>): SingleOutputStreamOperator<R> {
    return this.transform('Flat Map', { kind: 'flatMap', fn: flatMapper as FlatMapFn<unknown, unknown> });
  }

  filter(filter: FilterFn<T>): SingleOutputStreamOperator<T> {
    return this.transform('Filter', { kind: 'filter', fn: filter as FilterFn<unknown> });
  }

  /**
   * Applies a ProcessFunction to every record. On a non-keyed stream there is no keyed state and
   * no timers (registering one throws); use `keyBy(...).process(...)` for those.
   */
  process<R>(processFunction: ProcessFunction<T, R>): SingleOutputStreamOperator<R> {
    return this.transform('Process', { kind: 'process', fn: processFunction as ProcessFunction<unknown, unknown> });
  }

  /** Partitions the stream by key (hash of the key into key groups); operators after it are keyed. */
  keyBy<K>(key: KeySelectorFn<T, K>): KeyedStream<T, K> {
    return new KeyedStream(this.environment, this.builder, this.partitionedInputs('hash'), key);
  }

  /** Merges streams of the same type; none may be this stream itself. */
  union(...streams: DataStream<T>[]): DataStream<T> {
    const inputs = [this, ...streams].flatMap((stream) => {
      if (stream.builder !== this.builder) {
        throw SluiceError.user(ErrorCode.INVALID_PROGRAM, 'Cannot union streams from different execution environments.');
      }
      return stream.inputs;
    });
    if (new Set(inputs.map((i) => i.nodeId)).size !== inputs.length) {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, 'A DataStream cannot be unioned with itself.');
    }
    return new DataStream(this.environment, this.builder, inputs);
  }

  /** Distributes records round-robin to all downstream subtasks. */
  rebalance(): DataStream<T> {
    return this.partition('rebalance');
  }

  /** Distributes records uniformly at random. */
  shuffle(): DataStream<T> {
    return this.partition('shuffle');
  }

  /** Sends every record to every downstream subtask. */
  broadcast(): DataStream<T> {
    return this.partition('broadcast');
  }

  /** Sends records to the downstream subtask of the same index; parallelism must not change. */
  forward(): DataStream<T> {
    return this.partition('forward');
  }

  /** Sends all records to the first downstream subtask. */
  global(): DataStream<T> {
    return this.partition('global');
  }

  /** Distributes records round-robin to a local subset of downstream subtasks. */
  rescale(): DataStream<T> {
    return this.partition('rescale');
  }

  /** Writes each record to stdout, prefixed with `sinkIdentifier` and the subtask index when parallel. */
  print(sinkIdentifier?: string): DataStreamSink<T> {
    return this.sink('Print to Std. Out', { type: 'print', stderr: false, sinkIdentifier });
  }

  /** As `print`, to stderr. */
  printToErr(sinkIdentifier?: string): DataStreamSink<T> {
    return this.sink('Print to Std. Err', { type: 'print', stderr: true, sinkIdentifier });
  }

  /**
   * Writes each record as a line of text (formatted as `print` does). At parallelism 1 `path` is
   * the file; otherwise it is a directory holding one file per subtask, named `1`, `2`, ... (as
   * Flink's writeAsText). `writeMode` says whether existing files may be replaced. The files are
   * written where the sink's tasks run.
   */
  writeAsText(path: string, writeMode: WriteMode = WriteMode.NO_OVERWRITE): DataStreamSink<T> {
    if (typeof path !== 'string' || path.length === 0) {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, 'writeAsText needs a file path.');
    }
    if (writeMode !== WriteMode.NO_OVERWRITE && writeMode !== WriteMode.OVERWRITE) {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, `Unknown write mode '${String(writeMode)}': use WriteMode.NO_OVERWRITE or WriteMode.OVERWRITE.`);
    }
    return this.sink('Unnamed', { type: 'textFile', path, writeMode });
  }

  /** `sinkFunction` is a SinkFunction object or an `(value, context) => void` function. */
  addSink(sinkFunction: SinkFn<T>): DataStreamSink<T> {
    if (sinkFunction instanceof DiscardingSink) return this.sink('Unnamed', { type: 'discard' });
    return this.sink('Unnamed', { type: 'function', fn: sinkFunction as SinkFn<unknown> });
  }

  /**
   * Writes the stream to a Sink V2 (Flink's `sinkTo`), e.g. `FileSink.forRowFormat(dir, encoder).build()`.
   * A sink with a committer gives exactly-once output when the job checkpoints: what it writes
   * becomes visible when the checkpoint covering it completes.
   */
  sinkTo(sink: Sink<T>): DataStreamSink<T> {
    if (typeof (sink as Partial<Sink<T>> | null)?.createWriter !== 'function') {
      throw SluiceError.user(ErrorCode.INVALID_PROGRAM, 'sinkTo needs a Sink (an object with createWriter(context)), e.g. FileSink.forRowFormat(dir, new SimpleStringEncoder()).build().');
    }
    return this.sink('Writer', { type: 'sinkV2', sink: sink as Sink<unknown> });
  }

  /**
   * Runs the job (named `DataStream Collect` unless named here, as in Flink) and returns this
   * stream's records at the client as they arrive: `for await (const r of s.executeAndCollect())`.
   * The iterator ends when the job finishes and throws the job's root cause if it fails; leaving it
   * early (or `close()`) cancels the job. With `limit`, resolves with the first `limit` records and
   * cancels the job if it still runs.
   */
  executeAndCollect(jobName?: string): CloseableIterator<T>;
  executeAndCollect(limit: number): Promise<T[]>;
  executeAndCollect(jobName: string, limit: number): Promise<T[]>;
  executeAndCollect(jobNameOrLimit?: string | number, limit?: number): CloseableIterator<T> | Promise<T[]> {
    const node = this.addOperator('Data stream collect sink', { kind: 'sink', sink: { type: 'collect' } });
    // One sink task, never chained, as in Flink: the results form one ordered stream, and arrive over
    // a credit-controlled edge, so the sink can hold the job back while the client reads slowly.
    node.parallelism = 1;
    node.chainingStrategy = 'NEVER';
    const jobName = typeof jobNameOrLimit === 'string' ? jobNameOrLimit : 'DataStream Collect';
    const results = collectResults<T>(this.environment.getStreamGraph(jobName), node.id);
    const max = typeof jobNameOrLimit === 'number' ? jobNameOrLimit : limit;
    return max === undefined ? results : takeResults(results, max);
  }

  /** Adds an operator fed by this stream; KeyedStream overrides it to make the operator keyed. */
  protected addOperator(name: string, operator: OperatorSpec): StreamNode {
    return this.builder.addNode(name, operator, this.inputs);
  }

  protected transform<R>(name: string, operator: OperatorSpec): SingleOutputStreamOperator<R> {
    return new SingleOutputStreamOperator<R>(this.environment, this.builder, this.addOperator(name, operator));
  }

  private sink(name: string, sink: SinkSpec): DataStreamSink<T> {
    return new DataStreamSink<T>(this.addOperator(name, { kind: 'sink', sink }));
  }

  /** The inputs with `partitioner` replacing any earlier one: the last partitioning call wins, as in Flink. */
  private partitionedInputs(partitioner: PartitionerKind): StreamInput[] {
    return this.inputs.map((input) => ({ nodeId: input.nodeId, partitioner }));
  }

  private partition(partitioner: PartitionerKind): DataStream<T> {
    return new DataStream(this.environment, this.builder, this.partitionedInputs(partitioner));
  }
}

/** The output of one operator, whose settings can be changed fluently until the job is executed. */
export class SingleOutputStreamOperator<T> extends DataStream<T> {
  /** Created by the environment and by transformations, not by user code. */
  constructor(
    environment: StreamExecutionEnvironment,
    builder: StreamGraphBuilder,
    private readonly node: StreamNode,
  ) {
    super(environment, builder, [{ nodeId: node.id, partitioner: 'auto' }]);
  }

  setParallelism(parallelism: number): this {
    this.node.parallelism = checkSourceParallelism(this.node, checkParallelism(parallelism));
    return this;
  }

  /** Upper bound for rescaling and the number of key groups of keyed state. */
  setMaxParallelism(maxParallelism: number): this {
    this.node.maxParallelism = checkMaxParallelism(maxParallelism);
    return this;
  }

  /** Names the operator (shown in the plan and the Web UI). */
  name(name: string): this {
    this.node.name = operatorName(this.node.operator.kind, name);
    return this;
  }

  /** Fixes the operator id across versions of the job (for savepoints). */
  uid(uid: string): this {
    this.node.uid = uid;
    return this;
  }

  /** Runs the operator in its own task: nothing is chained to it, and it is chained to nothing. */
  disableChaining(): this {
    this.node.chainingStrategy = 'NEVER';
    return this;
  }

  /** Starts a new chain at this operator; successors may still chain to it. */
  startNewChain(): this {
    this.node.chainingStrategy = 'HEAD';
    return this;
  }
}

/**
 * A stream partitioned by key (Flink's KeyedStream). Operators applied to it are keyed: they get
 * the key selector and a hash-partitioned input.
 */
export class KeyedStream<T, K> extends DataStream<T> {
  /** Created by `DataStream.keyBy`, not by user code. */
  constructor(
    environment: StreamExecutionEnvironment,
    builder: StreamGraphBuilder,
    inputs: readonly StreamInput[],
    private readonly keySelector: KeySelectorFn<T, K>,
  ) {
    super(environment, builder, inputs);
  }

  /** Rolling sum of `field` per key; other fields keep the values of the key's first record. */
  sum(field: FieldExpression<T>): SingleOutputStreamOperator<T> {
    return this.aggregate('sum', field);
  }

  /** Rolling minimum of `field` per key; other fields keep the values of the key's first record. */
  min(field: FieldExpression<T>): SingleOutputStreamOperator<T> {
    return this.aggregate('min', field);
  }

  /** Rolling maximum of `field` per key; other fields keep the values of the key's first record. */
  max(field: FieldExpression<T>): SingleOutputStreamOperator<T> {
    return this.aggregate('max', field);
  }

  /** The record with the minimum `field` per key so far. */
  minBy(field: FieldExpression<T>): SingleOutputStreamOperator<T> {
    return this.aggregate('minBy', field);
  }

  /** The record with the maximum `field` per key so far. */
  maxBy(field: FieldExpression<T>): SingleOutputStreamOperator<T> {
    return this.aggregate('maxBy', field);
  }

  /**
   * Applies a KeyedProcessFunction: it sees each record with its key current, so its keyed state
   * and timers are the key's (see `KeyedProcessFunction`).
   */
  override process<R>(processFunction: KeyedProcessFunction<K, T, R> | ProcessFunction<T, R>): SingleOutputStreamOperator<R> {
    return this.transform('KeyedProcess', { kind: 'keyedProcess', fn: processFunction as KeyedProcessFunction<unknown, unknown, unknown> });
  }

  /** Rolling reduce per key: emits the combined value after every record. */
  reduce(reducer: ReduceFn<T>): SingleOutputStreamOperator<T> {
    return this.transform('Keyed Reduce', { kind: 'keyedReduce', fn: reducer as ReduceFn<unknown> });
  }

  protected override addOperator(name: string, operator: OperatorSpec): StreamNode {
    return this.builder.addNode(name, operator, this.inputs, this.keySelector as KeySelectorFn<unknown, unknown>);
  }

  private aggregate(aggregation: AggregationKind, field: number | string): SingleOutputStreamOperator<T> {
    return this.transform('Keyed Aggregation', { kind: 'keyedAggregation', aggregation, field });
  }
}
