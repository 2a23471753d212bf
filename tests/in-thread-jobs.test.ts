/**
 * Whole jobs run in the test's thread (tests/helpers/in-thread-job.ts): keyed state and timers
 * across parallel subtasks, the new sources and sinks, and failures that name their operator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DataGeneratorSource,
  DiscardingSink,
  KeyedProcessFunction,
  RichFlatMapFunction,
  StreamExecutionEnvironment,
  ValueStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  WatermarkStrategy,
  type Collector,
  type ListState,
  type MapState,
  type ValueState,
} from '../src/api/index.js';
import { runInThread } from './helpers/in-thread-job.js';

type Event = { user: string; item: number };

/** Per user: how many events, the last three items, and how often each item was seen. */
class UserStats extends RichFlatMapFunction<Event, [string, number, number[], number]> {
  private count!: ValueState<number>;
  private recent!: ListState<number>;
  private perItem!: MapState<number, number>;
  open(): void {
    const ctx = this.getRuntimeContext();
    this.count = ctx.getState(new ValueStateDescriptor('count', 0));
    this.recent = ctx.getListState(new ListStateDescriptor<number>('recent'));
    this.perItem = ctx.getMapState(new MapStateDescriptor<number, number>('perItem'));
  }
  flatMap(e: Event, out: Collector<[string, number, number[], number]>): void {
    this.count.update(this.count.value()! + 1);
    this.recent.update([...this.recent.get(), e.item].slice(-3));
    this.perItem.put(e.item, (this.perItem.get(e.item) ?? 0) + 1);
    out.collect([e.user, this.count.value()!, [...this.recent.get()], this.perItem.get(e.item)!]);
  }
}

test('keyed state on parallel subtasks matches a plain loop, key by key', async () => {
  const events = (i: number): Event => ({ user: `u${(i * 31) % 13}`, item: i % 4 });
  const seen: [string, number, number[], number][] = [];
  const job = (): StreamExecutionEnvironment => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    env
      .fromSource(new DataGeneratorSource(events, 2000), WatermarkStrategy.noWatermarks(), 'Events')
      .keyBy((e) => e.user)
      .flatMap(new UserStats())
      .addSink((r) => void seen.push(r));
    return env;
  };
  await runInThread(job, { parallelism: 3 });

  const expected = new Map<string, { count: number; recent: number[]; perItem: Map<number, number> }>();
  for (let i = 0; i < 2000; i++) {
    const e = events(i);
    const s = expected.get(e.user) ?? { count: 0, recent: [], perItem: new Map() };
    s.count++;
    s.recent = [...s.recent, e.item].slice(-3);
    s.perItem.set(e.item, (s.perItem.get(e.item) ?? 0) + 1);
    expected.set(e.user, s);
  }
  assert.equal(seen.length, 2000);
  const last = new Map(seen.map((r) => [r[0], r] as const).filter(([, r]) => r[1] === expected.get(r[0])!.count));
  for (const [user, s] of expected) assert.deepEqual(last.get(user)!.slice(1, 3), [s.count, s.recent], user);
});

test('composite keys keep their state across records and subtasks', async () => {
  const seen: [string, number, number][] = [];
  const job = (): StreamExecutionEnvironment => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    env
      .fromSequence(0, 599)
      .map((i): [string, number, number] => [`k${i % 3}`, i % 2, i])
      .keyBy((t) => [t[0], t[1]])
      .process(
        new (class extends KeyedProcessFunction<(string | number)[], [string, number, number], [string, number, number]> {
          private count!: ValueState<number>;
          open(): void {
            this.count = this.getRuntimeContext().getState(new ValueStateDescriptor('n', 0));
          }
          processElement(_: [string, number, number], ctx: KeyedProcessFunction.Context<(string | number)[]>, out: Collector<[string, number, number]>): void {
            this.count.update(this.count.value()! + 1);
            const [name, parity] = ctx.getCurrentKey() as [string, number];
            out.collect([name, parity, this.count.value()!]);
          }
        })(),
      )
      .addSink((r) => void seen.push(r));
    return env;
  };
  await runInThread(job, { parallelism: 2 });
  const max = new Map<string, number>();
  for (const [name, parity, n] of seen) max.set(`${name}/${parity}`, Math.max(max.get(`${name}/${parity}`) ?? 0, n));
  assert.deepEqual([...max.entries()].sort(), ['k0/0', 'k0/1', 'k1/0', 'k1/1', 'k2/0', 'k2/1'].map((k) => [k, 100]));
});

test('processing-time timers of a keyed process function fire per key while the job runs', async () => {
  let peer: Socket | undefined;
  const server = createServer((socket) => {
    peer = socket;
    socket.write('a\nb\na\nb\nc\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const out: string[] = [];
  // Every record asks for a timer at this time: one timer per key fires, with the key's count.
  const fireAt = Date.now() + 200;

  class Timeout extends KeyedProcessFunction<string, string, string> {
    private count!: ValueState<number>;
    open(): void {
      this.count = this.getRuntimeContext().getState(new ValueStateDescriptor('count', 0));
    }
    processElement(_: string, ctx: KeyedProcessFunction.Context<string>): void {
      this.count.update(this.count.value()! + 1);
      ctx.timerService().registerProcessingTimeTimer(fireAt);
    }
    override onTimer(_: number, ctx: KeyedProcessFunction.OnTimerContext<string>, out: Collector<string>): void {
      out.collect(`${ctx.getCurrentKey()}=${this.count.value()}`);
      this.count.clear();
    }
  }
  const job = (): StreamExecutionEnvironment => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.socketTextStream('127.0.0.1', port).keyBy((w) => w).process(new Timeout()).addSink((s) => {
      out.push(s);
      if (out.length === 3) peer!.end();
    });
    return env;
  };
  try {
    await runInThread(job);
  } finally {
    server.close();
  }
  assert.deepEqual(out.sort(), ['a=2', 'b=2', 'c=1']);
});

test('writeAsText at parallelism 2 writes files 1 and 2; DiscardingSink drops everything', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-write-as-text-'));
  try {
    const job = (): StreamExecutionEnvironment => {
      const env = StreamExecutionEnvironment.getExecutionEnvironment();
      const numbers = env.fromSequence(1, 10);
      numbers.map((n) => [n, n * n]).writeAsText(join(dir, 'squares'));
      numbers.addSink(new DiscardingSink());
      return env;
    };
    await runInThread(job, { parallelism: 2 });
    assert.deepEqual(readdirSync(join(dir, 'squares')).sort(), ['1', '2']);
    const lines = ['1', '2'].flatMap((f) => readFileSync(join(dir, 'squares', f), 'utf8').trim().split('\n'));
    assert.deepEqual(lines, Array.from({ length: 10 }, (_, i) => `(${i + 1},${(i + 1) ** 2})`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a throwing function fails the job naming the operator and subtask, with the user\'s message and stack', async () => {
  const job = (): StreamExecutionEnvironment => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    env
      .fromSequence(1, 100)
      .flatMap((n: number, out: Collector<number>) => out.collect(n))
      .map((n) => {
        if (n === 77) throw new RangeError(`no ${n} please`);
        return n;
      })
      .addSink(new DiscardingSink());
    return env;
  };
  const failure = await runInThread(job, { parallelism: 2 }).then(() => undefined, (err: unknown) => err as Error & { code: string });
  assert.ok(failure, 'the job failed');
  assert.equal(failure.code, 'USER_FUNCTION_FAILED');
  assert.equal(failure.message, 'Map (2/2) failed: no 77 please', 'the map, not the flatMap that emitted into it, and not the whole chain');
  assert.match(failure.stack!, /Caused by: RangeError: no 77 please\n\s+at .*in-thread-jobs\.test\.ts/);
});

test('a throwing key selector of a keyed function names that operator', async () => {
  const job = (): StreamExecutionEnvironment => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment();
    env
      .fromElements('a', 'b', 'c')
      .keyBy((s) => {
        if (s === 'b') throw new Error(`no key for ${s}`);
        return s;
      })
      .map((s) => s)
      .addSink(new DiscardingSink());
    return env;
  };
  // One consumer: the producer routes without the key, so the keyed map is the first to call the selector.
  await assert.rejects(runInThread(job), { code: 'USER_FUNCTION_FAILED', message: /^Map \(1\/1\) failed: no key for b$/ });
});
