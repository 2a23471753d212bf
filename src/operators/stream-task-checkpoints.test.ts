/**
 * Checkpoints at StreamTasks wired in one thread: triggered sources, barriers aligned at a keyed
 * task, its state file and acknowledgement, declines, notifications, and restore before open.
 * The keyed operator's own snapshot logic is not under test here: its hooks are replaced by ones
 * that record when and with what they are called.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RichSinkFunction, StreamExecutionEnvironment, type CheckpointedFunction, type FunctionInitializationContext } from '../api/index.js';
import { keyGroupRangeForSubtask } from '../common/key-group-range.js';
import type { StateHandle, SubtaskCheckpointAck, SubtaskCheckpointDecline, TaskRestore } from '../protocol/checkpoints.js';
import type { JobVertex } from '../protocol/job-graph.js';
import { END_OF_PARTITION, EventType, SnapshotKind, StopMode, edgeKey, type TaskEvent } from '../network/index.js';
import { KeyedAggregationOperator } from './keyed-operators.js';
import { FunctionSinkOperator } from './sink-operators.js';
import type { SourceSplit } from './source-splits.js';
import { StreamTask, type StreamTaskSetup } from './stream-task.js';
import { encodeTaskState, readTaskStateFile, taskStateFilePath, writeTaskStateFile } from './task-state-file.js';
import { channelTo, gateOf, jobGraphOf, setupFor } from './test-stream-tasks.js';

/** Replaces `name` on `proto` for the duration of `body`. */
async function withHook(proto: object, name: string, hook: unknown, body: () => Promise<void>): Promise<void> {
  const target = proto as Record<string, unknown>;
  const had = Object.prototype.hasOwnProperty.call(target, name);
  const original = target[name];
  target[name] = hook;
  try {
    await body();
  } finally {
    if (had) target[name] = original;
    else delete target[name];
  }
}

/** Collects a task's acknowledgements and declines. */
function recorder(mode: StreamTaskSetup['checkpointing']['mode'] = 'EXACTLY_ONCE', directory = '') {
  const acks: SubtaskCheckpointAck[] = [];
  const declines: SubtaskCheckpointDecline[] = [];
  const checkpointing: StreamTaskSetup['checkpointing'] = { mode, directory, responder: { acknowledge: (a) => void acks.push(a), decline: (d) => void declines.push(d) } };
  return { acks, declines, checkpointing };
}

/** `fromElements`/`fromSequence` → map to [key, 1] → keyBy → sum(1) → sink; the keyed vertex and its sum's operator id. */
function keyedJob(build: (env: StreamExecutionEnvironment) => void) {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  build(env);
  const { jobGraph, streamGraph } = jobGraphOf(env);
  const [srcV, sumV] = jobGraph.vertices as [JobVertex, JobVertex];
  const sumOperatorId = sumV.operators.find((o) => streamGraph.nodes.find((n) => n.id === o.nodeId)!.operator.kind === 'keyedAggregation')!.operatorId;
  const edge = edgeKey(sumV.inputs[0]!.sourceNodeId, sumV.inputs[0]!.targetNodeId);
  return { jobGraph, streamGraph, srcV, sumV, sumOperatorId, edge };
}

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sluice-task-ckpt-'));
}

function until(what: string, condition: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 20_000;
    const check = (): void => {
      if (condition()) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setImmediate(check);
    };
    check();
  });
}

test('a checkpoint triggered at two sources is aligned at the keyed task: its state file holds the snapshot taken exactly behind both barriers, and every task acknowledges', async () => {
  const dir = await tempDir();
  let sunk = 0;
  const { jobGraph, streamGraph, srcV, sumV, sumOperatorId, edge } = keyedJob((env) => {
    env.setParallelism(2);
    env.fromSequence(1, 400_000).map((n): [number, number] => [n % 5, 1]).keyBy((t) => t[0]).sum(1).setParallelism(1).addSink(() => void sunk++).setParallelism(1);
  });
  const sum = recorder('EXACTLY_ONCE', dir);
  const sources = [recorder(), recorder()];
  const sumGate = gateOf(jobGraph, sumV, (_edge, producer) => srcSetups[producer]!.partitions[0]!.addCredit(0, 1), 2);
  const srcSetups = [0, 1].map((i) => ({ ...setupFor(streamGraph, jobGraph, srcV, () => channelTo((p) => sumGate.receive(edge, i, p, 0))), subtaskIndex: i, checkpointing: sources[i]!.checkpointing }));
  const sumTask = new StreamTask({ ...setupFor(streamGraph, jobGraph, sumV, () => channelTo(() => undefined), sumGate), checkpointing: sum.checkpointing });
  const srcTasks = srcSetups.map((s) => new StreamTask(s));
  const snapshots: number[] = [];
  await withHook(KeyedAggregationOperator.prototype, 'snapshotState', (checkpointId: number) => (snapshots.push(checkpointId), { recordsBeforeBarrier: sunk }), async () => {
    const runs = [sumTask.run(), ...srcTasks.map((t) => t.run())];
    await until('records to flow', () => sunk >= 20_000);
    const location = join(dir, jobGraph.jobId, 'chk-1');
    const trigger = { checkpointId: 1, timestamp: Date.now(), location };
    // The second source is triggered later: meanwhile the first one's channel must be held.
    srcTasks[0]!.triggerCheckpoint(trigger);
    const beforeFirstBarrier = srcTasks[0]!.currentMetrics().numRecordsOut;
    const sunkAtFirst = sunk;
    await until('records of the second source to flow', () => sunk >= sunkAtFirst + 20_000);
    srcTasks[1]!.triggerCheckpoint(trigger);
    const beforeBarriers = beforeFirstBarrier + srcTasks[1]!.currentMetrics().numRecordsOut;
    await Promise.all(runs);
    assert.ok(sunk > beforeBarriers, 'records followed the barriers');
    assert.deepEqual(snapshots, [1]);
    assert.deepEqual(sum.declines, []);
    assert.equal(sum.acks.length, 1);
    const ack = sum.acks[0]!;
    assert.equal(ack.checkpointId, 1);
    assert.equal(ack.state!.path, join(location, `${sumV.id}-0`), 'barrier-triggered checkpoints go to <dir>/<jobId>/chk-<id>');
    assert.equal(ack.metrics.stateSize, ack.state!.size);
    const content = await readTaskStateFile(ack.state!);
    assert.deepEqual(content, { version: 1, operators: { [sumOperatorId]: { recordsBeforeBarrier: beforeBarriers } } });
    for (const s of sources) assert.deepEqual([s.acks.map((a) => a.checkpointId), s.declines], [[1], []]);
  });
  await rm(dir, { recursive: true, force: true });
});

/** A keyed task fed directly through its gate: `payloads` then the end of its one channel. */
async function runKeyedTask(setup: Partial<StreamTaskSetup>, payloads: (unknown[] | TaskEvent)[]): Promise<{ task: StreamTask; run: Promise<void>; out: (unknown[] | TaskEvent)[] }> {
  const { jobGraph, streamGraph, sumV, edge } = keyedJob((env) => env.fromElements(1).map((n): [number, number] => [n, 1]).keyBy((t) => t[0]).sum(1).addSink(() => undefined));
  const out: (unknown[] | TaskEvent)[] = [];
  const gate = gateOf(jobGraph, sumV);
  const task = new StreamTask({ ...setupFor(streamGraph, jobGraph, sumV, () => channelTo((p) => out.push(p)), gate), ...setup });
  for (const p of payloads) gate.receive(edge, 0, p, 0);
  return { task, run: task.run(), out };
}

const BARRIER_1: TaskEvent = { type: EventType.CHECKPOINT_BARRIER, checkpointId: 1, timestamp: 1, kind: SnapshotKind.CHECKPOINT };

test('a task without state acknowledges without a file; one that cannot write its file declines naming it and goes on', async () => {
  const stateless = recorder('EXACTLY_ONCE', '/nonexistent-never-written');
  // The keyed aggregation keeps state; made stateless here, the task has nothing to write.
  await withHook(KeyedAggregationOperator.prototype, 'snapshotState', () => undefined, async () => {
    const first = await runKeyedTask({ checkpointing: stateless.checkpointing }, [[[1, 1]], BARRIER_1, END_OF_PARTITION]);
    await first.run;
  });
  assert.deepEqual(stateless.acks.map((a) => [a.checkpointId, a.state, a.metrics.stateSize]), [[1, undefined, 0]]);

  const dir = await tempDir();
  const notADir = join(dir, 'file');
  await writeFile(notADir, 'x');
  const failing = recorder('EXACTLY_ONCE', notADir);
  await withHook(KeyedAggregationOperator.prototype, 'snapshotState', () => ({ some: 'state' }), async () => {
    const second = await runKeyedTask({ checkpointing: failing.checkpointing }, [[[1, 1]], BARRIER_1, [[1, 1]], END_OF_PARTITION]);
    await second.run;
  });
  assert.deepEqual(failing.acks, []);
  assert.equal(failing.declines.length, 1);
  assert.equal(failing.declines[0]!.reason.code, 'CHECKPOINT_DECLINED');
  assert.match(failing.declines[0]!.reason.message, new RegExp(`could not write its state file ${notADir}/`));
  await rm(dir, { recursive: true, force: true });
});

test('a trigger before the task runs, or at a task with open inputs, is declined', async () => {
  const r = recorder();
  const { task, run } = await runKeyedTask({ checkpointing: r.checkpointing }, [[[1, 1]]]);
  task.triggerCheckpoint({ checkpointId: 3, timestamp: 0, location: '/x' });
  await until('the task to process its input', () => task.currentMetrics().numRecordsIn > 0);
  task.triggerCheckpoint({ checkpointId: 4, timestamp: 0, location: '/x' });
  assert.deepEqual(r.declines.map((d) => [d.checkpointId, d.reason.code]), [[3, 'CHECKPOINT_DECLINED'], [4, 'CHECKPOINT_DECLINED']]);
  assert.match(r.declines[0]!.reason.message, /has not started running yet/);
  assert.match(r.declines[1]!.reason.message, /has open inputs/);
  task.cancel();
  await assert.rejects(run);
});

test('checkpoint notifications reach every operator of the chain, head first; an abort releases an alignment', async () => {
  const heard: string[] = [];
  const hooks = (name: string) => ({ complete: (id: number) => heard.push(`${name} complete ${id}`), aborted: (id: number) => heard.push(`${name} aborted ${id}`) });
  const sum = hooks('sum');
  const sink = hooks('sink');
  await withHook(KeyedAggregationOperator.prototype, 'notifyCheckpointComplete', sum.complete, () =>
    withHook(KeyedAggregationOperator.prototype, 'notifyCheckpointAborted', sum.aborted, () =>
      withHook(FunctionSinkOperator.prototype, 'notifyCheckpointComplete', sink.complete, () =>
        withHook(FunctionSinkOperator.prototype, 'notifyCheckpointAborted', sink.aborted, async () => {
          const r = recorder();
          const { task, run } = await runKeyedTask({ checkpointing: r.checkpointing }, [[[1, 1]]]);
          await until('the task to process its input', () => task.currentMetrics().numRecordsIn > 0);
          task.notifyCheckpointComplete(5);
          task.notifyCheckpointAborted(6);
          assert.deepEqual(heard, ['sum complete 5', 'sink complete 5', 'sum aborted 6', 'sink aborted 6']);
          task.cancel();
          await assert.rejects(run);
        }))));
});

async function stateFileFor(dir: string, operators: Record<string, Record<string, unknown>>): Promise<StateHandle> {
  return writeTaskStateFile(join(dir, 'chk-1', 'v-0'), encodeTaskState({ version: 1, operators }));
}

/** A restore from checkpoint 1 of one state file, the only one of its vertex. */
function one(state: StateHandle): TaskRestore {
  return { checkpointId: 1, keyGroups: { start: 0, end: 127 }, states: [{ states: [state], vertexStates: [state], holdsHead: true }], finished: false };
}

test('restore: each operator gets its part of the state file before it opens (undefined on a fresh start)', async () => {
  const dir = await tempDir();
  const { sumOperatorId } = keyedJob((env) => env.fromElements(1).map((n): [number, number] => [n, 1]).keyBy((t) => t[0]).sum(1).addSink(() => undefined));
  const state = await stateFileFor(dir, { [sumOperatorId]: { counts: new Map([[1, 7]]) } });
  const given: unknown[] = [];
  await withHook(KeyedAggregationOperator.prototype, 'initializeState', (snapshot: unknown) => void given.push(snapshot), async () => {
    const restored = await runKeyedTask({ restore: one(state) }, [END_OF_PARTITION]);
    await restored.run;
    const fresh = await runKeyedTask({}, [END_OF_PARTITION]);
    await fresh.run;
  });
  assert.deepEqual(given, [{ counts: new Map([[1, 7]]) }, undefined]);
  await rm(dir, { recursive: true, force: true });
});

test('a corrupt or missing state file fails the task with CHECKPOINT_CORRUPT naming the file', async () => {
  const dir = await tempDir();
  const state = await stateFileFor(dir, { any: { x: 1 } });
  await writeFile(state.path, Buffer.from('tampered bytes of another length'));
  const corrupt = await runKeyedTask({ restore: one(state) }, []);
  await assert.rejects(corrupt.run, (err: Error & { code?: string }) => err.code === 'CHECKPOINT_CORRUPT' && err.message.includes(state.path) && /bytes, the checkpoint recorded/.test(err.message));
  const flipped = await stateFileFor(join(dir, 'flipped'), { any: { x: 1 } });
  const bytes = await readFile(flipped.path);
  bytes[bytes.length - 1] ^= 1;
  await writeFile(flipped.path, bytes);
  const altered = await runKeyedTask({ restore: one(flipped) }, []);
  await assert.rejects(altered.run, (err: Error & { code?: string }) => err.code === 'CHECKPOINT_CORRUPT' && err.message.includes(flipped.path) && /its sha256 is/.test(err.message));
  const missing = await runKeyedTask({ restore: one({ ...state, path: join(dir, 'gone') }) }, []);
  await assert.rejects(missing.run, (err: Error & { code?: string }) => err.code === 'CHECKPOINT_CORRUPT' && err.message.includes(join(dir, 'gone')));
  await rm(dir, { recursive: true, force: true });
});

test('a source that had finished before the restored checkpoint emits nothing again', async () => {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromElements(1, 2, 3).rebalance().addSink(() => undefined);
  const { jobGraph, streamGraph } = jobGraphOf(env);
  const out: (unknown[] | TaskEvent)[] = [];
  const task = new StreamTask({ ...setupFor(streamGraph, jobGraph, jobGraph.vertices[0]!, () => channelTo((p) => out.push(p))), restore: { checkpointId: 2, keyGroups: { start: 0, end: 127 }, states: [], finished: true } });
  await task.run();
  assert.deepEqual(out, [{ type: EventType.END_OF_DATA, stopMode: StopMode.DRAIN }, END_OF_PARTITION]);
});

/** A sink of parallelism 2 whose function records, per subtask, the list and union list state it restores. */
function listStateSinkJob() {
  const restored: [subtask: number, split: string[], union: string[]][] = [];
  class Lists extends RichSinkFunction<number> implements CheckpointedFunction {
    initializeState(context: FunctionInitializationContext): void {
      const store = context.getOperatorStateStore();
      restored.push([this.getRuntimeContext().getIndexOfThisSubtask(), [...store.getListState<string>('mine').get()], [...store.getUnionListState<string>('everyone').get()]]);
    }
    snapshotState(): void {}
    invoke(): void {}
  }
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromElements(1).rebalance().addSink(new Lists()).setParallelism(2);
  const { jobGraph, streamGraph } = jobGraphOf(env);
  const sinkV = jobGraph.vertices[1]!;
  const edge = edgeKey(sinkV.inputs[0]!.sourceNodeId, sinkV.inputs[0]!.targetNodeId);
  /** Writes subtask `i`'s state file in `dir` with these lists of its sink function. */
  const writeFile = (dir: string, i: number, functionState: unknown[]): Promise<StateHandle> =>
    writeTaskStateFile(taskStateFilePath(join(dir, 'chk-1'), sinkV.id, i), encodeTaskState({ version: 1, operators: { [sinkV.operators[0]!.operatorId]: { functionState } } }));
  /** Runs subtask `i` restoring from `restore` until its input ends. */
  const runSubtask = async (i: number, restore: TaskRestore): Promise<void> => {
    const gate = gateOf(jobGraph, sinkV);
    const task = new StreamTask({ ...setupFor(streamGraph, jobGraph, sinkV, () => channelTo(() => undefined), gate), subtaskIndex: i, restore });
    gate.receive(edge, 0, END_OF_PARTITION, 0);
    await task.run();
  };
  return { restored, writeFile, runSubtask };
}

test('restore: a union list state comes back whole in every subtask, in subtask order; a list state stays per subtask', async () => {
  const dir = await tempDir();
  const { restored, writeFile, runSubtask } = listStateSinkJob();
  const files = await Promise.all([0, 1].map((i) => writeFile(dir, i, [['mine', 'SPLIT_DISTRIBUTE', [`mine ${i}`]], ['everyone', 'UNION', [`a${i}`, `b${i}`]]])));
  for (const i of [1, 0]) await runSubtask(i, { checkpointId: 1, keyGroups: keyGroupRangeForSubtask(128, 2, i), states: [{ states: [files[i]!], vertexStates: files, holdsHead: true }], finished: false });
  assert.deepEqual(restored, [[1, ['mine 1'], ['a0', 'b0', 'a1', 'b1']], [0, ['mine 0'], ['a0', 'b0', 'a1', 'b1']]]);
  await rm(dir, { recursive: true, force: true });
});

test('restore: only a file with union list state makes the task read the other subtasks\' files, which are checked as its own', async () => {
  const dir = await tempDir();
  const { restored, writeFile, runSubtask } = listStateSinkJob();
  const gone: StateHandle = { path: join(dir, 'gone'), size: 1, sha256: '0' };
  const splitOnly = await writeFile(dir, 0, [['mine', 'SPLIT_DISTRIBUTE', ['mine 0']]]);
  await runSubtask(0, { checkpointId: 1, keyGroups: keyGroupRangeForSubtask(128, 2, 0), states: [{ states: [splitOnly], vertexStates: [splitOnly, gone], holdsHead: true }], finished: false });
  assert.deepEqual(restored, [[0, ['mine 0'], []]], 'the missing sibling file was never opened');

  const withUnion = await writeFile(join(dir, 'union'), 0, [['everyone', 'UNION', ['a0']]]);
  await assert.rejects(runSubtask(0, { checkpointId: 1, keyGroups: keyGroupRangeForSubtask(128, 2, 0), states: [{ states: [withUnion], vertexStates: [withUnion, gone], holdsHead: true }], finished: false }),
    (err: Error & { code?: string }) => err.code === 'CHECKPOINT_CORRUPT' && err.message.includes(gone.path));
  assert.equal(restored.length, 1, 'no operator saw state before the sibling file failed its check');
  await rm(dir, { recursive: true, force: true });
});

/**
 * Runs `fromSequence` → chained counting sink, takes a stop-with-savepoint in `mode` that is
 * aborted (the source goes on), then one that completes (the task ends). Returns what the sink
 * got, the completed savepoint's source position, and how often the sink was finished.
 */
async function stopWithSavepointAt(mode: 'SUSPEND' | 'TERMINATE'): Promise<{ sunk: number; position: number; finished: number }> {
  const dir = await tempDir();
  let sunk = 0;
  let finished = 0;
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromSequence(1, 1e12).addSink(() => void sunk++);
  const { jobGraph, streamGraph } = jobGraphOf(env);
  const r = recorder('EXACTLY_ONCE', dir);
  const task = new StreamTask({ ...setupFor(streamGraph, jobGraph, jobGraph.vertices[0]!, () => channelTo(() => undefined)), checkpointing: r.checkpointing });
  const trigger = (checkpointId: number) => ({ checkpointId, timestamp: Date.now(), location: join(dir, `chk-${checkpointId}`), stop: mode });
  /** The next value of the source's one split. */
  const positionOf = async (ack: SubtaskCheckpointAck) => ((await readTaskStateFile(ack.state!)).sourcePosition as SourceSplit[])[0]!.position!;
  let position = 0;
  await withHook(FunctionSinkOperator.prototype, 'finish', () => void finished++, async () => {
    const run = task.run();
    await until('records to flow', () => sunk > 0);
    task.triggerCheckpoint(trigger(1));
    await until('the first acknowledgement', () => r.acks.length === 1);
    const aborted = await positionOf(r.acks[0]!);
    task.notifyCheckpointAborted(1);
    await until('records past the aborted savepoint', () => sunk + 1 > aborted);
    task.triggerCheckpoint(trigger(2));
    await until('the second acknowledgement', () => r.acks.length === 2);
    task.notifyCheckpointComplete(2);
    await run;
    position = await positionOf(r.acks[1]!);
  });
  await rm(dir, { recursive: true, force: true });
  return { sunk, position, finished };
}

test('stop-with-savepoint without drain: an aborted one lets the source go on; a completed one ends it right behind the savepoint, the chain not finished', async () => {
  const { sunk, position, finished } = await stopWithSavepointAt('SUSPEND');
  assert.equal(sunk, position - 1, 'every record before the savepoint\'s position, none after');
  assert.equal(finished, 0);
});

test('stop-with-savepoint with drain (TERMINATE): the source ends right behind the savepoint and the chain finishes', async () => {
  const { sunk, position, finished } = await stopWithSavepointAt('TERMINATE');
  assert.equal(sunk, position - 1);
  assert.equal(finished, 1);
});
