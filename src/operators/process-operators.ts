/**
 * Operators of process functions (Flink's ProcessOperator and KeyedProcessOperator). Each passes
 * one reused context object to the function: no allocation per record.
 */
import type { Collector, TaskInfo } from '../api/functions.js';
import type { KeyedProcessFunction, ProcessFunction, TimeDomain, TimerService } from '../api/process-functions.js';
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { AbstractKeyedStateBackend, TimersSnapshot } from '../state/index.js';
import type { ProcessingTimeService } from './processing-time-service.js';
import { ProcessingTimeTimers } from './processing-time-timers.js';
import { bindUserFunction, UdfOperator, type OperatorStateSnapshot, type Output } from './stream-operator.js';

type ProcessElement = (value: unknown, ctx: KeyedProcessFunction.Context<unknown>, out: Collector<unknown>) => void;
type OnTimer = (timestamp: number, ctx: KeyedProcessFunction.OnTimerContext<unknown>, out: Collector<unknown>) => void;

/** `DataStream.process`: no key, so no keyed state and no timers. */
export class ProcessOperator extends UdfOperator {
  private readonly processFn: (value: unknown, ctx: ProcessFunction.Context, out: Collector<unknown>) => void;
  private readonly context: ProcessFunction.Context;

  constructor(udf: unknown, output: Output, time: ProcessingTimeService) {
    super(udf, output);
    this.processFn = bindUserFunction(udf, 'processElement');
    const timers: TimerService = {
      currentProcessingTime: () => time.getCurrentProcessingTime(),
      registerProcessingTimeTimer: noTimers,
      deleteProcessingTimeTimer: noTimers,
    };
    this.context = { timestamp: () => undefined, timerService: () => timers };
  }

  processElement(record: unknown): void {
    try {
      this.processFn(record, this.context, this.output);
    } catch (err) {
      throw this.userError(err);
    }
  }
}

function noTimers(): never {
  throw SluiceError.user(ErrorCode.INVALID_STATE_ACCESS, "Setting timers is only supported on a keyed stream, i.e., after a 'keyBy()' operation.");
}

/**
 * `KeyedStream.process`: the key of each record (set by KeyContextOperator) or timer is current
 * while the function runs, so its keyed state and timers are that key's. Pending timers are
 * dropped at end of input, as Flink does. Its snapshot holds the pending timers per key group
 * (`timers`); the keyed state is KeyContextOperator's.
 */
export class KeyedProcessOperator extends UdfOperator {
  private readonly processFn: ProcessElement;
  private readonly onTimerFn: OnTimer | undefined;
  private context!: KeyedContext;
  private timers: ProcessingTimeTimers | undefined;

  constructor(udf: unknown, output: Output, private readonly time: ProcessingTimeService) {
    super(udf, output);
    this.processFn = bindUserFunction(udf, 'processElement');
    const hasOnTimer = typeof (udf as { onTimer?: unknown }).onTimer === 'function';
    this.onTimerFn = hasOnTimer ? bindUserFunction<OnTimer>(udf, 'onTimer') : undefined;
  }

  override async open(info: TaskInfo, keyedState?: AbstractKeyedStateBackend): Promise<void> {
    if (keyedState === undefined) throw new SluiceError(ErrorCode.INTERNAL, `${info.getTaskName()} runs without a keyed state backend`);
    this.timers = new ProcessingTimeTimers(keyedState, this.time, (timestamp) => this.onTimer(timestamp));
    this.context = new KeyedContext(keyedState, this.timers);
    await super.open(info, keyedState);
  }

  processElement(record: unknown): void {
    this.context.currentTimestamp = undefined;
    try {
      this.processFn(record, this.context, this.output);
    } catch (err) {
      throw this.userError(err);
    }
  }

  override finish(): void {
    this.timers?.quiesce();
  }

  protected override snapshotOperatorState(): OperatorStateSnapshot {
    return { timers: this.timers!.snapshot() };
  }

  /** After the function's open: a restored timer that is due fires only once the function is ready. */
  protected override restoreOperatorState(snapshot: OperatorStateSnapshot): void {
    this.timers!.restore(snapshot.timers as TimersSnapshot);
  }

  override close(): Promise<void> {
    this.timers?.quiesce();
    return super.close();
  }

  private onTimer(timestamp: number): void {
    if (this.onTimerFn === undefined) return;
    this.context.currentTimestamp = timestamp;
    try {
      this.onTimerFn(timestamp, this.context, this.output);
    } catch (err) {
      throw this.userError(err);
    }
  }
}

/** The context of a keyed process function, for records and timers alike. */
class KeyedContext implements KeyedProcessFunction.OnTimerContext<unknown> {
  /** The firing timer's time; undefined while a record is processed (records carry no event time yet). */
  currentTimestamp: number | undefined;

  constructor(private readonly backend: AbstractKeyedStateBackend, private readonly timers: TimerService) {}

  timestamp(): number | undefined {
    return this.currentTimestamp;
  }

  timerService(): TimerService {
    return this.timers;
  }

  getCurrentKey(): unknown {
    return this.backend.getCurrentKey();
  }

  timeDomain(): TimeDomain {
    return 'PROCESSING_TIME';
  }
}
