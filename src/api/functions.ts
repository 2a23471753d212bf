/**
 * User function interfaces with Flink's names. Each can be given as an object implementing the
 * interface (Flink's shape, e.g. `class Tokenizer implements FlatMapFunction`) or, where it makes
 * sense, as a plain function.
 */
import type { KeyedStateStore } from './state.js';

/** Emits records from a function (Flink's Collector). */
export interface Collector<T> {
  collect(record: T): void;
}

/** Where a function runs: the part of its RuntimeContext that the task knows. */
export interface TaskInfo {
  getJobId(): string;
  /** The operator's name. */
  getTaskName(): string;
  getIndexOfThisSubtask(): number;
  getNumberOfParallelSubtasks(): number;
  getMaxNumberOfParallelSubtasks(): number;
  getAttemptNumber(): number;
}

/**
 * What a rich function can learn about where it runs, and its keyed state (Flink's
 * RuntimeContext). The state getters work only on keyed streams (after `keyBy`); the state they
 * return always refers to the key of the record or timer being processed. Asking twice for one
 * name gives the same state.
 */
export interface RuntimeContext extends TaskInfo, KeyedStateStore {}

/** Optional lifecycle hooks of any user function object (Flink's RichFunction). */
export interface RichFunction {
  open?(context: RuntimeContext): void | Promise<void>;
  close?(): void | Promise<void>;
}

export interface MapFunction<IN, OUT> extends RichFunction {
  map(value: IN): OUT;
}
export interface FlatMapFunction<IN, OUT> extends RichFunction {
  flatMap(value: IN, out: Collector<OUT>): void;
}
export interface FilterFunction<T> extends RichFunction {
  filter(value: T): boolean;
}
export interface ReduceFunction<T> extends RichFunction {
  reduce(value1: T, value2: T): T;
}
export interface KeySelector<IN, KEY> {
  getKey(value: IN): KEY;
}
/** Context of a sink invocation. */
export interface SinkContext {
  currentProcessingTime(): number;
}
export interface SinkFunction<T> extends RichFunction {
  invoke(value: T, context: SinkContext): void;
}

/** Makes the record of a generator source from its index (Flink's datagen GeneratorFunction). */
export interface GeneratorFunction<OUT> {
  map(index: number): OUT;
}

export type MapFn<IN, OUT> = MapFunction<IN, OUT> | ((value: IN) => OUT);
export type FlatMapFn<IN, OUT> = FlatMapFunction<IN, OUT> | ((value: IN, out: Collector<OUT>) => void);
export type FilterFn<T> = FilterFunction<T> | ((value: T) => boolean);
export type ReduceFn<T> = ReduceFunction<T> | ((value1: T, value2: T) => T);
export type KeySelectorFn<IN, KEY> = KeySelector<IN, KEY> | ((value: IN) => KEY);
export type SinkFn<T> = SinkFunction<T> | ((value: T, context: SinkContext) => void);
export type GeneratorFn<OUT> = GeneratorFunction<OUT> | ((index: number) => OUT);
