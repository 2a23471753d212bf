/**
 * Operators snapshot mid-stream and restore into fresh instances: the output before the snapshot
 * plus the restored operator's output equals an uninterrupted run (no gap, no duplicate).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Packr, Unpackr } from 'msgpackr';
import {
  KeyedProcessFunction,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  RichMapFunction,
  ValueStateDescriptor,
  type CheckpointedFunction,
  type CheckpointListener,
  type Collector,
  type FunctionInitializationContext,
  type FunctionSnapshotContext,
  type ListState,
  type MapState,
  type ReduceFunction,
  type ReducingState,
  type SinkFunction,
  type ValueState,
} from '../api/index.js';
import type { AggregationKind } from '../api/stream-graph.js';
import { assignToKeyGroup } from '../common/key-groups.js';
import type { KeyedStateSnapshot } from '../state/index.js';
import { MapOperator } from './basic-operators.js';
import { holdsUnionListState, unionFunctionListStates } from './function-state.js';
import { KeyContextOperator } from './key-context-operator.js';
import { forEachSnapshotEntry, type KeyTableSnapshot } from './key-table.js';
import { KeyedAggregationOperator, KeyedReduceOperator } from './keyed-operators.js';
import { KeyedProcessOperator } from './process-operators.js';
import { FunctionSinkOperator } from './sink-operators.js';
import type { OperatorStateSnapshot, Output, StreamOperator } from './stream-operator.js';
import { info, ManualTime } from './test-operator-fixtures.js';

const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false });
/** What a state file gives back: the snapshot through msgpack. */
const roundTrip = <T>(value: T): T => unpackr.unpack(packr.pack(value)) as T;

/** One step of a run: a record, or (for timers) moving the clock. */
type Step = { record: unknown } | { advanceTo: number };
const records = (rs: unknown[]): Step[] => rs.map((record) => ({ record }));

/** Makes a fresh operator writing to `output`, on its own clock. */
type Make = (output: Output, time: ManualTime) => StreamOperator;

async function start(make: Make, out: unknown[], snapshot?: OperatorStateSnapshot): Promise<{ op: StreamOperator; time: ManualTime }> {
  const time = new ManualTime();
  const op = make({ collect: (r) => out.push(structuredClone(r)) }, time);
  op.initializeState?.(snapshot);
  await op.open(info('Op'));
  return { op, time };
}

function play(op: StreamOperator, time: ManualTime, steps: Step[]): void {
  for (const step of steps) {
    if ('record' in step) op.processElement(step.record);
    else time.advanceTo(step.advanceTo);
  }
}

/**
 * Runs `steps` uninterrupted, and again with a snapshot after `at` steps, encoded at once as the
 * task encodes it at the barrier; the first instance goes on past the snapshot (as a task does
 * until it fails). Returns the snapshot as restored.
 */
async function checkRestore(make: Make, steps: Step[], at: number): Promise<OperatorStateSnapshot> {
  const full: unknown[] = [];
  const uninterrupted = await start(make, full);
  play(uninterrupted.op, uninterrupted.time, steps);

  const before: unknown[] = [];
  const first = await start(make, before);
  play(first.op, first.time, steps.slice(0, at));
  const snapshot = roundTrip(first.op.snapshotState!(1)!);
  const emittedAtSnapshot = before.length;
  play(first.op, first.time, steps.slice(at));

  const after: unknown[] = [];
  const restored = await start(make, after, snapshot);
  restored.time.advanceTo(lastTimeBefore(steps, at));
  play(restored.op, restored.time, steps.slice(at));
  assert.deepEqual([...before.slice(0, emittedAtSnapshot), ...after], full);
  return snapshot;
}

/** The clock when the snapshot was taken. */
function lastTimeBefore(steps: Step[], at: number): number {
  let now = 1000;
  for (const step of steps.slice(0, at)) if ('advanceTo' in step) now = step.advanceTo;
  return now;
}

const TUPLES: Step[] = records([
  ['a', 1, 'first'], ['b', 5, 'x'], [['c', 1], 2, 'tuple key'], ['a', 2, 'second'], ['b', 1, 'y'],
  [['c', 1], 4, 'again'], ['d', 7, 'd'], ['a', 3, 'third'], [['c', '1'], 1, 'other tuple'], ['b', 8, 'z'],
]);
const byTupleKey = (t: unknown): unknown => (t as unknown[])[0];

/** Every key of a rolling operator's snapshot is filed under its key group. */
function assertKeyGroups(snapshot: KeyTableSnapshot, keys: number): void {
  let seen = 0;
  forEachSnapshotEntry(snapshot, (keyGroup, key) => {
    assert.equal(assignToKeyGroup(key, 128), keyGroup, `key ${JSON.stringify(key)}`);
    seen++;
  });
  assert.equal(seen, keys);
}

for (const aggregation of ['sum', 'min', 'max', 'minBy', 'maxBy'] as AggregationKind[]) {
  test(`keyed ${aggregation} on tuples restores each key's value (composite keys too)`, async () => {
    for (const at of [0, 3, 6, 10]) {
      const snapshot = await checkRestore((out) => new KeyedAggregationOperator(aggregation, 1, byTupleKey, out), TUPLES, at);
      if (at === 6) assertKeyGroups(snapshot.keyGroups as KeyTableSnapshot, 3);
    }
  });
}

test('keyed sum and maxBy on objects and on plain numbers restore', async () => {
  const objects = records([{ k: 'x', v: 5, tag: 'a' }, { k: 'y', v: 3, tag: 'b' }, { k: 'x', v: 9, tag: 'c' }, { k: 'y', v: 1, tag: 'd' }, { k: 'x', v: 2, tag: 'e' }]);
  await checkRestore((out) => new KeyedAggregationOperator('sum', 'v', (r) => (r as { k: string }).k, out), objects, 2);
  await checkRestore((out) => new KeyedAggregationOperator('maxBy', 'v', (r) => (r as { k: string }).k, out), objects, 2);
  const numbers = records([1, 2, 3, 4, 5, 6, 7]);
  await checkRestore((out) => new KeyedAggregationOperator('sum', 0, (n) => (n as number) % 3, out), numbers, 4);
});

test('keyed reduce restores each key\'s value', async () => {
  const reduce = (a: unknown, b: unknown): unknown => [(a as unknown[])[0], (a as number[])[1]! + (b as number[])[1]!, `${(a as string[])[2]}+${(b as string[])[2]}`];
  const snapshot = await checkRestore((out) => new KeyedReduceOperator(reduce, byTupleKey, out), TUPLES, 5);
  assertKeyGroups(snapshot.keyGroups as KeyTableSnapshot, 3);
});

/** Uses every kind of keyed state: per key a count, the values seen, their last values by tag and a reduced sum. */
class AllStates extends RichMapFunction<[string, number], string> {
  private count!: ValueState<number>;
  private seen!: ListState<number>;
  private byParity!: MapState<[string, boolean], number>;
  private sum!: ReducingState<number>;
  open(): void {
    const context = this.getRuntimeContext();
    this.count = context.getState(new ValueStateDescriptor('count', 0));
    this.seen = context.getListState(new ListStateDescriptor('seen'));
    this.byParity = context.getMapState(new MapStateDescriptor('byParity'));
    this.sum = context.getReducingState(new ReducingStateDescriptor('sum', (a: number, b: number) => a + b));
  }
  map([key, v]: [string, number]): string {
    this.count.update(this.count.value()! + 1);
    this.seen.add(v);
    this.byParity.put([key, v % 2 === 0], v);
    this.sum.add(v);
    return `${key} n=${this.count.value()} seen=${[...this.seen.get()]} map=${JSON.stringify([...this.byParity.entries()])} sum=${this.sum.get()}`;
  }
}

test('keyed state of a function (value, list, map, reducing) restores, filed by key group', async () => {
  const steps = records([['a', 1], ['b', 2], ['a', 4], ['c', 3], ['b', 5], ['a', 6], ['c', 8], ['b', 7]]);
  const make: Make = (out) => new KeyContextOperator(new MapOperator(new AllStates(), out), (r) => (r as [string])[0]);
  const snapshot = await checkRestore(make, steps, 4);
  const keyed = snapshot.keyedState as KeyedStateSnapshot;
  assert.deepEqual(keyed.states.map(([name]) => name), ['count', 'seen', 'byParity', 'sum']);
  for (const [keyGroup, states] of keyed.keyGroups) {
    for (const [, entries] of states) for (const [key] of entries) assert.equal(assignToKeyGroup(key, 128), keyGroup);
  }
});

type Event = [key: unknown, delay: number];

/** Counts records per key and asks for a timer `delay` ms later; a timer reports its key's count. */
class CountWithTimers extends KeyedProcessFunction<unknown, Event, string> {
  processElement(value: Event, ctx: KeyedProcessFunction.Context<unknown>, out: Collector<string>): void {
    const count = this.getRuntimeContext().getState(new ValueStateDescriptor<number>('count', 0));
    count.update(count.value()! + 1);
    ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + value[1]);
    out.collect(`${JSON.stringify(ctx.getCurrentKey())}:${count.value()}`);
  }
  override onTimer(timestamp: number, ctx: KeyedProcessFunction.OnTimerContext<unknown>, out: Collector<string>): void {
    const count = this.getRuntimeContext().getState(new ValueStateDescriptor<number>('count', 0));
    out.collect(`timer ${JSON.stringify(ctx.getCurrentKey())}@${timestamp} count=${count.value()}`);
  }
}

test('pending processing-time timers restore with their keys and fire as they would have', async () => {
  const steps: Step[] = [
    { record: ['a', 30] }, { record: [['t', 1], 10] }, { record: ['b', 10] }, { record: ['a', 20] },
    { advanceTo: 1015 }, { record: [['t', 1], 50] }, { advanceTo: 1025 }, { record: ['c', 5] }, { advanceTo: 2000 },
  ];
  const make: Make = (out, time) => new KeyContextOperator(new KeyedProcessOperator(new CountWithTimers(), out, time), (e) => (e as Event)[0]);
  for (const at of [4, 5, 7]) {
    const snapshot = await checkRestore(make, steps, at);
    const timers = (snapshot.operator as { timers: [number, [number, unknown][]][] }).timers;
    for (const [keyGroup, inGroup] of timers) for (const [, key] of inGroup) assert.equal(assignToKeyGroup(key, 128), keyGroup);
  }
});

test('a timer that was due while the job was down fires once the restored function is open', async () => {
  const out: unknown[] = [];
  const make: Make = (output, time) => new KeyContextOperator(new KeyedProcessOperator(new CountWithTimers(), output, time), (e) => (e as Event)[0]);
  const { op } = await start(make, out);
  op.processElement(['a', 10]);
  const snapshot = roundTrip(op.snapshotState!(1)!);
  const restoredOut: unknown[] = [];
  const restored = await start(make, restoredOut, snapshot);
  restored.time.advanceTo(5000);
  assert.deepEqual(restoredOut, ['timer "a"@1010 count=1']);
});

/** A sink that buffers what it gets in a field, kept in operator state (Flink's BufferingSink example). */
class BufferingSink implements SinkFunction<string>, CheckpointedFunction, CheckpointListener {
  buffer: string[] = [];
  readonly calls: string[] = [];
  private state!: ListState<string>;
  private subtasks!: ListState<number>;
  initializeState(context: FunctionInitializationContext): void {
    this.calls.push(`initializeState restored=${context.isRestored()} keyed=${context.getKeyedStateStore() !== undefined}`);
    this.state = context.getOperatorStateStore().getListState(new ListStateDescriptor<string>('buffered'));
    this.subtasks = context.getOperatorStateStore().getUnionListState<number>('subtasks');
    this.buffer = [...this.state.get()];
    if (context.isRestored()) this.calls.push(`restored ${this.buffer} subtasks=${[...this.subtasks.get()]}`);
  }
  open(): void {
    this.calls.push('open');
  }
  invoke(value: string): void {
    this.buffer.push(value);
  }
  snapshotState(context: FunctionSnapshotContext): void {
    this.calls.push(`snapshotState ${context.getCheckpointId()}`);
    this.state.update(this.buffer);
    this.subtasks.update([0]);
  }
  notifyCheckpointComplete(checkpointId: number): void {
    this.calls.push(`complete ${checkpointId}`);
  }
  notifyCheckpointAborted(checkpointId: number): void {
    this.calls.push(`aborted ${checkpointId}`);
  }
}

test('a CheckpointedFunction restores its list and union list state; initializeState comes before open', async () => {
  const fn = new BufferingSink();
  const op = new FunctionSinkOperator(fn);
  op.initializeState(undefined);
  await op.open(info('Sink'));
  for (const v of ['a', 'b']) op.processElement(v);
  const snapshot = roundTrip(op.snapshotState(7)!);
  op.processElement('lost');
  op.notifyCheckpointAborted(6);
  op.notifyCheckpointComplete(7);
  assert.deepEqual(fn.calls, ['initializeState restored=false keyed=false', 'open', 'snapshotState 7', 'aborted 6', 'complete 7']);

  const restoredFn = new BufferingSink();
  const restored = new FunctionSinkOperator(restoredFn);
  restored.initializeState(snapshot);
  await restored.open(info('Sink'));
  restored.processElement('c');
  assert.deepEqual(restoredFn.calls, ['initializeState restored=true keyed=false', 'restored a,b subtasks=0', 'open']);
  assert.deepEqual(restoredFn.buffer, ['a', 'b', 'c']);
});

test('a CheckpointedFunction that fails to snapshot fails with the operator named', async () => {
  const fn = new BufferingSink();
  fn.snapshotState = () => {
    throw new Error('disk full');
  };
  const op = new FunctionSinkOperator(fn);
  await op.open(info('Sink', 1, 2));
  assert.throws(() => op.snapshotState(1), { code: 'USER_FUNCTION_FAILED', message: 'Sink (2/2) failed: disk full' });
});

test('a keyed operator whose function is a CheckpointedFunction keeps both parts', async () => {
  /** Sums per key (keyed, by the operator) and counts every reduce call (operator state, by the function). */
  class CountingReduce implements ReduceFunction<[string, number]>, CheckpointedFunction {
    calls = 0;
    private state!: ListState<number>;
    keyed: boolean | undefined;
    initializeState(context: FunctionInitializationContext): void {
      this.state = context.getOperatorStateStore().getListState<number>('calls');
      this.calls = [...this.state.get()][0] ?? 0;
      this.keyed = context.getKeyedStateStore() !== undefined;
    }
    snapshotState(): void {
      this.state.update([this.calls]);
    }
    reduce(a: [string, number], b: [string, number]): [string, number] {
      this.calls++;
      return [a[0], a[1] + b[1]];
    }
  }
  const steps = records([['a', 1], ['b', 2], ['a', 3], ['a', 4], ['b', 5]]);
  const functions: CountingReduce[] = [];
  const make: Make = (out) => {
    const fn = new CountingReduce();
    functions.push(fn);
    return new KeyedReduceOperator(fn, byTupleKey, out);
  };
  const snapshot = await checkRestore(make, steps, 3);
  assert.deepEqual(snapshot.functionState, [['calls', 'SPLIT_DISTRIBUTE', [1]]]);
  assert.deepEqual((snapshot.keyGroups as KeyTableSnapshot).keyGroups.length, 2, 'both keys in the keyed part');
  assert.equal(functions.at(-1)!.calls, 3, 'the restored function counted on from its state');

  const keyedMap = new CountingReduce();
  const op = new KeyContextOperator(new MapOperator(Object.assign(keyedMap, { map: (v: unknown) => v }), { collect: () => undefined }), (v) => v);
  op.initializeState(undefined);
  await op.open(info('Map'));
  assert.equal(keyedMap.keyed, true, 'a function on a keyed stream gets a keyed state store');
});

test('a stateless operator after keyBy has no snapshot', async () => {
  const op = new KeyContextOperator(new MapOperator((v: unknown) => v, { collect: () => undefined }), (v) => v);
  op.initializeState(undefined);
  await op.open(info('Map'));
  op.processElement('a');
  assert.equal(op.snapshotState(1), undefined);
});

/** Keeps its subtask's name in a list state and in a union list state. */
class SubtaskLists implements CheckpointedFunction {
  split: unknown[] = [];
  union: unknown[] = [];
  private splitState!: ListState<string>;
  private unionState!: ListState<string>;
  constructor(private readonly subtask: number) {}
  initializeState(context: FunctionInitializationContext): void {
    this.splitState = context.getOperatorStateStore().getListState<string>('mine');
    this.unionState = context.getOperatorStateStore().getUnionListState<string>('everyone');
    this.split = [...this.splitState.get()];
    this.union = [...this.unionState.get()];
  }
  snapshotState(): void {
    this.splitState.update([`split ${this.subtask}`]);
    this.unionState.update([`union ${this.subtask}`, `more ${this.subtask}`]);
  }
  map(v: unknown): unknown {
    return v;
  }
  invoke(): void {}
}

for (const [what, make] of [
  ['a sink function', (fn: SubtaskLists) => new FunctionSinkOperator(fn)],
  ['a map after keyBy', (fn: SubtaskLists) => new KeyContextOperator(new MapOperator(fn, { collect: () => undefined }), (v) => v)],
] as [string, (fn: SubtaskLists) => StreamOperator][]) {
  test(`union list state of ${what} merges every subtask's elements in subtask order; its list state stays per subtask`, async () => {
    const snapshots: OperatorStateSnapshot[] = [];
    for (const i of [0, 1, 2]) {
      const op = make(new SubtaskLists(i));
      op.initializeState?.(undefined);
      await op.open(info('Op', i, 3));
      snapshots.push(roundTrip(op.snapshotState!(1)!));
    }
    const all = [snapshots[0], undefined, snapshots[2]];
    for (const i of [0, 2]) {
      assert.equal(holdsUnionListState(snapshots[i]!), true);
      const fn = new SubtaskLists(i);
      const op = make(fn);
      op.initializeState?.(unionFunctionListStates(snapshots[i]!, all));
      await op.open(info('Op', i, 3));
      assert.deepEqual([fn.split, fn.union], [[`split ${i}`], ['union 0', 'more 0', 'union 2', 'more 2']]);
    }
  });
}

test('an operator snapshot without union list state holds none, and merging leaves it as it is', () => {
  const keyedOnly = { keyedState: { states: [] }, operator: { timers: [] } };
  const splitOnly = { functionState: [['mine', 'SPLIT_DISTRIBUTE', [1]]] };
  for (const snapshot of [keyedOnly, splitOnly, {}]) {
    assert.equal(holdsUnionListState(snapshot), false);
    assert.deepEqual(unionFunctionListStates(snapshot, [snapshot, snapshot]), snapshot);
  }
});

test('a keyed sum restored with number keys and keyed now by strings is SNAPSHOT_NOT_RESTORABLE naming its state and operator', async () => {
  const numbers = await start((out) => new KeyedAggregationOperator('sum', 0, (n) => (n as number) % 3, out), []);
  play(numbers.op, numbers.time, records([1, 2, 3]));
  const snapshot = roundTrip(numbers.op.snapshotState!(1)!);
  const strings = await start((out) => new KeyedAggregationOperator('sum', 0, (n) => String(n), out), [], snapshot);
  assert.throws(() => strings.op.processElement(4), { code: 'SNAPSHOT_NOT_RESTORABLE', message: /^Op \(1\/1\) was restored from a snapshot whose state '_op_state' is keyed by number keys, but its key selector now returns a string key \(4\)/ });
  const reduce = await start((out) => new KeyedReduceOperator({ reduce: (a: number, b: number) => a + b }, (n) => [n], out), [], snapshot);
  assert.throws(() => reduce.op.processElement(4), { code: 'SNAPSHOT_NOT_RESTORABLE', message: /keyed by number keys, but its key selector now returns a tuple key/ });
});
