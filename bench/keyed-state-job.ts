/**
 * The large-state benchmark job: a generator of `[key, 1]`, keyed by the first field, a
 * KeyedProcessFunction counting each key in ValueState (in the configured keyed state backend),
 * and a sink that discards. Records 0..keys-1 give every key state; after them the keys cycle
 * through all `keys`, or through the first `hotKeys` only (so that a checkpoint after the first
 * `keys` records sees only those changed). Unbounded unless `records` is given.
 * Args: `<keys> [records per second, 0 = unlimited] [records, 0 = unbounded] [hotKeys, 0 = all]`.
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
    const records = Number(args[2] ?? 0);
    const hotKeys = Number(args[3] ?? 0) || keys;
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    const key = (i: number): [number, number] => [i < keys ? i : i % hotKeys, 1];
    const source = new DataGeneratorSource(key, records > 0 ? records : Infinity, perSecond > 0 ? perSecond : undefined);
    env
      .fromSource(source, WatermarkStrategy.noWatermarks(), 'Keys')
      .keyBy((t) => t[0])
      .process(new Count())
      .addSink(new DiscardingSink());
    await env.execute('Benchmark keyed state');
  }
}
