/**
 * Base classes of rich functions (Flink's AbstractRichFunction and the Rich* functions). The
 * runtime hands a rich function its RuntimeContext before calling its `open` (see RichFunction),
 * so any method can reach it with `getRuntimeContext()` (keyed state, the subtask index, ...).
 * Functions that need none of this can stay plain objects or lambdas.
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type {
  Collector,
  FilterFunction,
  FlatMapFunction,
  MapFunction,
  ReduceFunction,
  RuntimeContext,
  SinkContext,
  SinkFunction,
} from './functions.js';

export abstract class AbstractRichFunction {
  private runtimeContext: RuntimeContext | undefined;

  /** Called by the runtime before `open`; user code does not call it. */
  setRuntimeContext(context: RuntimeContext): void {
    this.runtimeContext = context;
  }

  /** The context of the subtask running this function; available from `open` on. */
  getRuntimeContext(): RuntimeContext {
    if (this.runtimeContext === undefined) {
      throw SluiceError.user(ErrorCode.ILLEGAL_STATE, 'The runtime context has not been initialized: use it from open() on, not in the constructor.');
    }
    return this.runtimeContext;
  }
}

export abstract class RichMapFunction<IN, OUT> extends AbstractRichFunction implements MapFunction<IN, OUT> {
  abstract map(value: IN): OUT;
}

export abstract class RichFlatMapFunction<IN, OUT> extends AbstractRichFunction implements FlatMapFunction<IN, OUT> {
  abstract flatMap(value: IN, out: Collector<OUT>): void;
}

export abstract class RichFilterFunction<T> extends AbstractRichFunction implements FilterFunction<T> {
  abstract filter(value: T): boolean;
}

export abstract class RichReduceFunction<T> extends AbstractRichFunction implements ReduceFunction<T> {
  abstract reduce(value1: T, value2: T): T;
}

export abstract class RichSinkFunction<T> extends AbstractRichFunction implements SinkFunction<T> {
  abstract invoke(value: T, context: SinkContext): void;
}
