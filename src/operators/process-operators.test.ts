/** Process functions in-thread: keyed state per key, timers (order, dedup, deletion, key scope), errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KeyedProcessFunction,
  ProcessFunction,
  ValueStateDescriptor,
  type Collector,
  type ValueState,
} from '../api/index.js';
import { KeyContextOperator } from './key-context-operator.js';
import { KeyedProcessOperator, ProcessOperator } from './process-operators.js';
import { SystemProcessingTimeService, type ProcessingTimeService } from './processing-time-service.js';
import { info, ManualTime } from './test-operator-fixtures.js';

type Event = [key: string, delay: number];

/** Counts records per key; each record asks for a timer `delay` ms after the current time. */
class CountWithTimers extends KeyedProcessFunction<string, Event, string> {
  private count!: ValueState<number>;
  open(): void {
    this.count = this.getRuntimeContext().getState(new ValueStateDescriptor('count', 0));
  }
  processElement(value: Event, ctx: KeyedProcessFunction.Context<string>, out: Collector<string>): void {
    this.count.update(this.count.value()! + 1);
    if (value[1] >= 0) ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + value[1]);
    else ctx.timerService().deleteProcessingTimeTimer(ctx.timerService().currentProcessingTime() - value[1]);
    out.collect(`${ctx.getCurrentKey()}:${this.count.value()}`);
  }
  override onTimer(timestamp: number, ctx: KeyedProcessFunction.OnTimerContext<string>, out: Collector<string>): void {
    out.collect(`timer ${ctx.getCurrentKey()}@${timestamp - 1000} count=${this.count.value()} ${ctx.timeDomain()} ts=${ctx.timestamp()! - 1000}`);
  }
}

async function keyedProcess(fn: KeyedProcessFunction<string, Event, string>, time: ProcessingTimeService): Promise<{ op: KeyContextOperator; out: string[] }> {
  const out: string[] = [];
  const op = new KeyContextOperator(new KeyedProcessOperator(fn, { collect: (r) => out.push(r as string) }, time), (e) => (e as Event)[0]);
  await op.open(info('KeyedProcess'));
  return { op, out };
}

test('keyed state of a process function is per key', async () => {
  const { op, out } = await keyedProcess(new CountWithTimers(), new ManualTime());
  for (const e of [['a', 5], ['b', 5], ['a', 5], ['c', 5], ['a', 5], ['b', 5]] as Event[]) op.processElement(e);
  assert.deepEqual(out, ['a:1', 'b:1', 'a:2', 'c:1', 'a:3', 'b:2']);
});

test('timers fire in timestamp order, once per key and time, with their key and its state current', async () => {
  const time = new ManualTime();
  const { op, out } = await keyedProcess(new CountWithTimers(), time);
  for (const e of [['a', 30], ['b', 10], ['a', 30], ['c', 20], ['b', 10]] as Event[]) op.processElement(e);
  out.length = 0;
  time.advanceTo(1015);
  assert.deepEqual(out, ['timer b@10 count=2 PROCESSING_TIME ts=10']);
  op.processElement(['b', 0]);
  time.advanceTo(1100);
  assert.deepEqual(out, [
    'timer b@10 count=2 PROCESSING_TIME ts=10',
    'b:3',
    'timer b@15 count=3 PROCESSING_TIME ts=15',
    'timer c@20 count=1 PROCESSING_TIME ts=20',
    'timer a@30 count=2 PROCESSING_TIME ts=30',
  ]);
});

test('a deleted timer does not fire; other keys\' timers at that time still do', async () => {
  const time = new ManualTime();
  const { op, out } = await keyedProcess(new CountWithTimers(), time);
  op.processElement(['a', 10]);
  op.processElement(['b', 10]);
  op.processElement(['a', -10]);
  out.length = 0;
  time.advanceTo(2000);
  assert.deepEqual(out, ['timer b@10 count=1 PROCESSING_TIME ts=10']);
});

test('at end of input pending timers are dropped without firing, as in Flink', async () => {
  const time = new ManualTime();
  const { op, out } = await keyedProcess(new CountWithTimers(), time);
  op.processElement(['a', 10]);
  op.finish();
  await op.close();
  out.length = 0;
  time.advanceTo(5000);
  assert.deepEqual(out, []);
});

test('a timer that throws fails the task with an error naming the operator and subtask', async () => {
  class Failing extends KeyedProcessFunction<string, Event, string> {
    processElement(_: Event, ctx: KeyedProcessFunction.Context<string>): void {
      ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 5);
    }
    override onTimer(): void {
      throw new Error('timer exploded');
    }
  }
  let failure: unknown;
  const failed = new Promise<void>((resolve) => {
    const time = new SystemProcessingTimeService((err) => {
      failure = err;
      resolve();
    });
    void keyedProcess(new Failing(), time).then(({ op }) => op.processElement(['a', 0]));
  });
  await failed;
  assert.match(String((failure as Error).message), /^KeyedProcess \(1\/1\) failed: timer exploded$/);
  assert.match((failure as Error).stack!, /Caused by: Error: timer exploded/);
});

test('a non-keyed process function has no timers and no keyed state', async () => {
  class Register extends ProcessFunction<string, string> {
    processElement(value: string, ctx: ProcessFunction.Context, out: Collector<string>): void {
      out.collect(`${value}@${ctx.timerService().currentProcessingTime()}`);
      if (value === 'timer') ctx.timerService().registerProcessingTimeTimer(0);
      if (value === 'state') this.getRuntimeContext().getState(new ValueStateDescriptor<number>('s'));
    }
  }
  const out: unknown[] = [];
  const op = new ProcessOperator(new Register(), { collect: (r) => out.push(r) }, new ManualTime());
  await op.open(info('Process', 1, 3));
  op.processElement('x');
  assert.deepEqual(out, ['x@1000']);
  assert.throws(() => op.processElement('timer'), { code: 'USER_FUNCTION_FAILED', message: /^Process \(2\/3\) failed: Setting timers is only supported on a keyed stream/ });
  assert.throws(() => op.processElement('state'), { message: /^Process \(2\/3\) failed: Keyed state can only be used on a 'keyed stream'/ });
});
