/**
 * The large-state benchmark job: an unbounded generator of `[i % keys, 1]`, keyed by the first
 * field, a KeyedProcessFunction counting each key in ValueState (the heap keyed state backend),
 * and a sink that discards. After `keys` records every key has state; the job runs until cancelled.
 * Args: `<keys> [records per second, 0 = unlimited]`.
 */
import {
  DataGeneratorSource,
  DiscardingSink,
  KeyedProcessFunction,
  StreamExecutionEnvironment,
  ValueStateDescriptor,
  WatermarkStrategy,
  type Collector,
  type ValueState,
} from 'sluice';

class Count extends KeyedProcessFunction<number, [number, number], number> {
  private count!: ValueState<number>;

  open(): void {
    this.count = this.getRuntimeContext().getState(new ValueStateDescriptor('count', 0));
  }

  processElement(_value: [number, number], _ctx: KeyedProcessFunction.Context<number>, out: Collector<number>): void {
    const n = this.count.value()! + 1;
    this.count.update(n);
    out.collect(n);
  }
}

export class BenchKeyedState {
  static async main(args: string[]): Promise<void> {
    const keys = Number(args[0] ?? 1_000_000);
    const perSecond = Number(args[1] ?? 0);
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    const source = new DataGeneratorSource((i) => [i % keys, 1] as [number, number], Infinity, perSecond > 0 ? perSecond : undefined);
    env
      .fromSource(source, WatermarkStrategy.noWatermarks(), 'Keys')
      .keyBy((t) => t[0])
      .process(new Count())
      .addSink(new DiscardingSink());
    await env.execute('Benchmark keyed state');
  }
}
