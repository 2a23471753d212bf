/**
 * Process functions (Flink's ProcessFunction and KeyedProcessFunction): the low-level operator
 * with access to the current key, keyed state (through the RuntimeContext) and processing-time
 * timers. Event time (record timestamps, watermarks, event-time timers) comes with watermarks.
 *
 * Timers are per key: registering the same timestamp twice for one key makes one timer. A timer
 * fires once the wall clock reaches its timestamp, on the task's thread (never while another
 * record or timer is processed), with the timer's key as current key. When a bounded input
 * ends, pending processing-time timers are dropped without firing, as in Flink.
 */
import type { Collector } from './functions.js';
import { AbstractRichFunction } from './rich-functions.js';

/** Which clock a timer belongs to. */
export type TimeDomain = 'EVENT_TIME' | 'PROCESSING_TIME';

/** Time and timers, for the key being processed. */
export interface TimerService {
  /** The current processing time (ms since the epoch). */
  currentProcessingTime(): number;
  /** Calls `onTimer` for the current key once the processing time reaches `time`. */
  registerProcessingTimeTimer(time: number): void;
  /** Removes the current key's timer at `time`, if there is one. */
  deleteProcessingTimeTimer(time: number): void;
}

/** Processes the records of a stream one by one; may emit any number of records for each. */
export abstract class ProcessFunction<I, O> extends AbstractRichFunction {
  abstract processElement(value: I, ctx: ProcessFunction.Context, out: Collector<O>): void;
  /** Called when a timer fires (only on keyed streams, where timers can be set). */
  onTimer?(timestamp: number, ctx: ProcessFunction.OnTimerContext, out: Collector<O>): void;
}

export declare namespace ProcessFunction {
  /** What `processElement` can see besides the record. */
  interface Context {
    /** The record's timestamp; undefined until records carry event time. */
    timestamp(): number | undefined;
    /** Time, and on keyed streams timers (elsewhere registering one throws). */
    timerService(): TimerService;
  }
  /** What `onTimer` can see: `timestamp()` is the timer's time. */
  interface OnTimerContext extends Context {
    timeDomain(): TimeDomain;
  }
}

/** Processes the records of a keyed stream: state and timers are those of the record's key. */
export abstract class KeyedProcessFunction<K, I, O> extends AbstractRichFunction {
  abstract processElement(value: I, ctx: KeyedProcessFunction.Context<K>, out: Collector<O>): void;
  /** Called when a timer of a key fires, with that key current. */
  onTimer?(timestamp: number, ctx: KeyedProcessFunction.OnTimerContext<K>, out: Collector<O>): void;
}

export declare namespace KeyedProcessFunction {
  interface Context<K> extends ProcessFunction.Context {
    getCurrentKey(): K;
  }
  interface OnTimerContext<K> extends ProcessFunction.OnTimerContext {
    getCurrentKey(): K;
  }
}
