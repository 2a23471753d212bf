import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { silentLogger } from '../common/log.js';
import type { SluiceError } from '../common/errors.js';
import type { CheckpointSettings } from '../protocol/checkpoint-stats.js';
import type { CheckpointTrigger, StateHandle, SubtaskCheckpointMetrics } from '../protocol/checkpoints.js';
import type { JobVertex } from '../protocol/job-graph.js';
import type { ExecutionState } from '../protocol/states.js';
import { testingTaskExecutorGateway } from '../protocol/test-task-executor-gateway.js';
import { CheckpointCoordinator } from './checkpoint-coordinator.js';
import type { CheckpointMetadata } from './checkpoint-storage.js';
import type { CheckpointTask } from './pending-checkpoint.js';

const JOB_ID = 'a'.repeat(32);
const METRICS: SubtaskCheckpointMetrics = { startDelayMs: 1, alignmentDurationMs: 2, syncDurationMs: 3, asyncDurationMs: 4, stateSize: 0, processedData: 5 };

function vertex(id: string, parallelism: number, inputs: string[]): JobVertex {
  return { id, name: id, parallelism, maxParallelism: 128, operators: [], inputs: inputs.map((sourceVertexId) => ({ sourceVertexId })) } as unknown as JobVertex;
}

/** A job `source (1) -> map (2)`, its tasks behind one fake TaskExecutor that records the calls. */
class Harness {
  readonly vertices = [vertex('source', 1, []), vertex('map', 2, ['source'])];
  readonly tasks: CheckpointTask[];
  readonly calls: { method: string; attemptId: string; checkpointId: number; stop?: string; savepoint?: boolean; full?: boolean }[] = [];
  readonly failures: SluiceError[] = [];
  /** How often the coordinator looked at the tasks: once per trigger attempt. */
  tasksAsked = 0;
  private waiters: (() => void)[] = [];
  readonly coordinator: CheckpointCoordinator;

  constructor(readonly dir: string, settings: Partial<CheckpointSettings> = {}) {
    const record = (method: string) => async (attemptId: string, arg: number | CheckpointTrigger): Promise<void> => {
      this.calls.push(typeof arg === 'number' ? { method, attemptId, checkpointId: arg } : { method, attemptId, checkpointId: arg.checkpointId, ...(arg.stop && { stop: arg.stop }), ...(arg.savepoint && { savepoint: true }), ...(arg.full && { full: true }) });
      for (const w of this.waiters.splice(0)) w();
    };
    const gateway = testingTaskExecutorGateway()
      .set('triggerCheckpoint', record('trigger'))
      .set('notifyCheckpointComplete', record('complete'))
      .set('notifyCheckpointAborted', record('aborted'))
      .build();
    this.tasks = [
      { attemptId: 'src-0', vertexId: 'source', subtaskIndex: 0, state: 'RUNNING', gateway },
      { attemptId: 'map-0', vertexId: 'map', subtaskIndex: 0, state: 'RUNNING', gateway },
      { attemptId: 'map-1', vertexId: 'map', subtaskIndex: 1, state: 'RUNNING', gateway },
    ];
    this.coordinator = new CheckpointCoordinator({
      jobId: JOB_ID,
      settings: {
        interval: 1000, mode: 'EXACTLY_ONCE', timeout: 60_000, minPause: 0, maxConcurrent: 1, tolerableFailures: 0,
        numRetained: 1, retention: 'DELETE_ON_CANCELLATION', directory: dir, ...settings,
      },
      vertices: this.vertices,
      tasks: () => {
        this.tasksAsked++;
        return this.tasks;
      },
      failJob: (err) => this.failures.push(err),
      historySize: 10,
      log: silentLogger(),
    });
  }

  setState(attemptId: string, state: ExecutionState): void {
    this.tasks.find((t) => t.attemptId === attemptId)!.state = state;
  }

  /** Resolves once a call matching `pred` was recorded. */
  async until(pred: (c: Harness['calls'][number]) => boolean): Promise<void> {
    while (!this.calls.some(pred)) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Writes a state file for `attemptId` into the checkpoint's directory, as a task does. */
  async writeState(checkpointId: number, attemptId: string, bytes = `state of ${attemptId}`): Promise<StateHandle> {
    const path = join(this.dir, JOB_ID, `chk-${checkpointId}`, `${attemptId}.state`);
    await writeFile(path, bytes);
    return { path, size: Buffer.byteLength(bytes), sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  /** Fires the periodic timer and waits until the trigger reached the source. */
  async trigger(checkpointId: number): Promise<void> {
    mock.timers.tick(1000);
    await this.until((c) => c.method === 'trigger' && c.checkpointId === checkpointId);
  }

  /** Every task acknowledges `checkpointId` with a state file; waits for the completion notifications. */
  async ackAll(checkpointId: number): Promise<void> {
    for (const t of this.tasks) {
      if (t.state !== 'RUNNING') continue;
      const state = await this.writeState(checkpointId, t.attemptId);
      this.coordinator.receiveAcknowledge(t.attemptId, { checkpointId, state, metrics: { ...METRICS, stateSize: state.size } });
    }
    await this.until((c) => c.method === 'complete' && c.checkpointId === checkpointId);
  }

  async metadata(checkpointId: number): Promise<CheckpointMetadata> {
    return JSON.parse(await readFile(join(this.dir, JOB_ID, `chk-${checkpointId}`, '_metadata'), 'utf8')) as CheckpointMetadata;
  }

  async checkpointDirs(): Promise<string[]> {
    return (await readdir(join(this.dir, JOB_ID)).catch(() => [])).sort();
  }
}

let dir: string;
const harnesses: Harness[] = [];
function harness(settings?: Partial<CheckpointSettings>): Harness {
  const h = new Harness(dir, settings);
  harnesses.push(h);
  return h;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-coordinator-test-'));
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
});

afterEach(async () => {
  for (const h of harnesses.splice(0)) h.coordinator.stop('the test ended');
  mock.timers.reset();
  await chmod(dir, 0o755).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

test('a checkpoint is triggered at the sources one interval after start, completes with every ack, writes _metadata and notifies', async () => {
  const h = harness();
  h.coordinator.start();
  mock.timers.tick(999);
  assert.equal(h.calls.length, 0);
  mock.timers.tick(1);
  await h.until((c) => c.method === 'trigger');
  // Only the source starts it; the maps get their barriers from it.
  assert.deepEqual([...h.calls], [{ method: 'trigger', attemptId: 'src-0', checkpointId: 1 }]);
  await h.ackAll(1);
  const metadata = await h.metadata(1);
  assert.equal(metadata.checkpointId, 1);
  assert.equal(metadata.timestamp, 1_001_000);
  assert.deepEqual(metadata.subtasks.map((s) => [s.vertexId, s.subtaskIndex, s.finished, s.state?.path.endsWith(`${s.vertexId === 'map' ? 'map' : 'src'}-${s.subtaskIndex}.state`)]), [
    ['map', 0, false, true], ['map', 1, false, true], ['source', 0, false, true],
  ]);
  assert.deepEqual(h.calls.filter((c) => c.method === 'complete').map((c) => c.attemptId).sort(), ['map-0', 'map-1', 'src-0']);
  const stats = h.coordinator.statsSnapshot();
  assert.deepEqual(stats.counts, { restored: 0, total: 1, inProgress: 0, completed: 1, failed: 0 });
  assert.equal(stats.latestCompleted?.externalPath, join(dir, JOB_ID, 'chk-1'));
  assert.equal(stats.summary?.stateSize.max, 3 * 'state of map-0'.length);
});

test('a task whose inputs all finished is triggered itself, and a finished task is recorded as finished', async () => {
  const h = harness();
  h.setState('src-0', 'FINISHED');
  h.coordinator.start();
  mock.timers.tick(1000);
  await h.until((c) => c.attemptId === 'map-1');
  assert.deepEqual(h.calls.map((c) => c.attemptId), ['map-0', 'map-1']);
  await h.ackAll(1);
  const source = (await h.metadata(1)).subtasks.find((s) => s.vertexId === 'source');
  assert.deepEqual(source, { vertexId: 'source', subtaskIndex: 0, finished: true });
});

test('a task that finishes without acknowledging counts as finished in the pending checkpoint', async () => {
  const h = harness();
  h.coordinator.start();
  await h.trigger(1);
  h.setState('src-0', 'FINISHED');
  h.coordinator.taskFinished('src-0');
  for (const id of ['map-0', 'map-1']) h.coordinator.receiveAcknowledge(id, { checkpointId: 1, metrics: METRICS });
  await h.until((c) => c.method === 'complete' && c.attemptId === 'map-1');
  assert.equal((await h.metadata(1)).subtasks.find((s) => s.vertexId === 'source')?.finished, true);
  // Only the tasks that acknowledged hear of the completion.
  assert.deepEqual(h.calls.filter((c) => c.method === 'complete').map((c) => c.attemptId), ['map-0', 'map-1']);
});

test('a decline aborts the checkpoint: the tasks are told, its directory goes, it is counted, and the next one starts', async () => {
  const h = harness({ tolerableFailures: 1 });
  h.coordinator.start();
  await h.trigger(1);
  h.coordinator.receiveDecline('map-1', { checkpointId: 1, reason: { code: 'X', kind: 'user', retryable: false, message: 'no space left' } });
  await h.until((c) => c.method === 'aborted' && c.attemptId === 'map-1');
  const stats = h.coordinator.statsSnapshot();
  assert.deepEqual(stats.counts, { restored: 0, total: 1, inProgress: 0, completed: 0, failed: 1 });
  assert.match(stats.latestFailed?.failureMessage ?? '', /Checkpoint 1 was declined by map \(2\/2\): no space left/);
  assert.deepEqual(h.failures, []);
  await h.trigger(2);
});

test('a checkpoint not acknowledged within the timeout is aborted as expired', async () => {
  const h = harness({ timeout: 5000, tolerableFailures: 5 });
  h.coordinator.start();
  await h.trigger(1);
  mock.timers.tick(5000);
  await h.until((c) => c.method === 'aborted');
  assert.match(h.coordinator.statsSnapshot().latestFailed?.failureMessage ?? '', /Checkpoint 1 expired before completing/);
  // A late acknowledgement of the aborted checkpoint changes nothing.
  h.coordinator.receiveAcknowledge('src-0', { checkpointId: 1, metrics: METRICS });
  assert.equal(h.coordinator.statsSnapshot().counts.completed, 0);
});

test('one failed checkpoint more than tolerable-failed-checkpoints fails the job, naming the checkpoint and its cause', async () => {
  const h = harness({ tolerableFailures: 1 });
  h.coordinator.start();
  for (const id of [1, 2]) {
    await h.trigger(id);
    h.coordinator.receiveDecline('src-0', { checkpointId: id, reason: { code: 'X', kind: 'user', retryable: false, message: `cause ${id}` } });
  }
  assert.equal(h.failures.length, 1);
  assert.equal(h.failures[0]!.code, 'CHECKPOINT_FAILED');
  assert.match(h.failures[0]!.message, /^Exceeded checkpoint tolerable failure threshold\. .*Checkpoint 2 was declined by source \(1\/1\): cause 2/);
});

test('a completed checkpoint resets the count of consecutive failures', async () => {
  const h = harness({ tolerableFailures: 1 });
  h.coordinator.start();
  await h.trigger(1);
  h.coordinator.receiveDecline('src-0', { checkpointId: 1, reason: { code: 'X', kind: 'user', retryable: false, message: 'once' } });
  await h.trigger(2);
  await h.ackAll(2);
  await h.trigger(3);
  h.coordinator.receiveDecline('src-0', { checkpointId: 3, reason: { code: 'X', kind: 'user', retryable: false, message: 'again' } });
  assert.deepEqual(h.failures, []);
});

test('an unwritable checkpoint directory fails the checkpoint (counted, with the cause), not the coordinator', async () => {
  await writeFile(join(dir, 'not-a-dir'), '');
  const h = harness({ directory: join(dir, 'not-a-dir'), tolerableFailures: 3 });
  h.coordinator.start();
  mock.timers.tick(1000);
  while (h.coordinator.statsSnapshot().counts.failed === 0) await new Promise((resolve) => setImmediate(resolve));
  assert.match(h.coordinator.statsSnapshot().latestFailed?.failureMessage ?? '', /Checkpoint 1 could not create its directory .*not-a-dir/);
  assert.equal(h.calls.filter((c) => c.method === 'trigger').length, 0);
  assert.equal(h.coordinator.isRunning, true);
});

test('min-pause delays the next trigger after a checkpoint ended, and no checkpoint starts while one is pending', async () => {
  const h = harness({ minPause: 5000 });
  h.coordinator.start();
  await h.trigger(1);
  mock.timers.tick(10_000);
  assert.equal(h.tasksAsked, 1, 'checkpoint 1 is pending');
  await h.ackAll(1);
  mock.timers.tick(4999);
  assert.equal(h.tasksAsked, 1, 'min-pause has not passed');
  mock.timers.tick(1);
  assert.equal(h.tasksAsked, 2);
});

test('num-retained keeps the newest completed checkpoints and deletes the older directories', async () => {
  const h = harness({ numRetained: 2 });
  h.coordinator.start();
  for (const id of [1, 2, 3]) {
    await h.trigger(id);
    await h.ackAll(id);
  }
  // The directory is gone a moment before the statistics mark checkpoint 1 discarded.
  const discarded = (): boolean => h.coordinator.statsSnapshot().history.find((c) => c.id === 1)?.discarded === true;
  while ((await h.checkpointDirs()).includes('chk-1') || !discarded()) await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(await h.checkpointDirs(), ['chk-2', 'chk-3']);
  const history = h.coordinator.statsSnapshot().history;
  assert.deepEqual(history.map((c) => [c.id, c.status, c.discarded]), [[3, 'COMPLETED', false], [2, 'COMPLETED', false], [1, 'COMPLETED', true]]);
});

test('restore picks the latest checkpoint that reads back intact and reports the corrupt one it skipped', async () => {
  const h = harness({ numRetained: 2 });
  h.coordinator.start();
  for (const id of [1, 2]) {
    await h.trigger(id);
    await h.ackAll(id);
  }
  h.coordinator.stop('a task failed');
  await writeFile(join(dir, JOB_ID, 'chk-2', 'map-1.state'), 'garbage of the same len');
  const skipped: SluiceError[] = [];
  const restored = await h.coordinator.restoreLatest((err) => skipped.push(err));
  assert.equal(restored?.checkpointId, 1);
  assert.equal(skipped.length, 1);
  assert.match(skipped[0]!.message, /^Skipped checkpoint 2 .*map-1\.state .*; restoring checkpoint 1 instead$/);
  assert.deepEqual(h.coordinator.statsSnapshot().latestRestored?.id, 1);
  assert.equal(h.coordinator.statsSnapshot().counts.restored, 1);
  // Checkpoint ids go on counting in the next round.
  h.coordinator.start();
  await h.trigger(3);
});

test('restore with no completed checkpoint restores nothing; with every retained one corrupt it throws', async () => {
  const h = harness();
  assert.equal(await h.coordinator.restoreLatest(() => assert.fail('nothing to skip')), undefined);
  h.coordinator.start();
  await h.trigger(1);
  await h.ackAll(1);
  await rm(join(dir, JOB_ID, 'chk-1', '_metadata'));
  await assert.rejects(h.coordinator.restoreLatest(() => undefined), { code: 'CHECKPOINT_CORRUPT' });
});

test('stop aborts the pending checkpoint without counting it', async () => {
  const h = harness();
  h.coordinator.start();
  await h.trigger(1);
  h.coordinator.stop('the job is restarting');
  assert.equal(h.coordinator.statsSnapshot().counts.failed, 1);
  assert.match(h.coordinator.statsSnapshot().latestFailed?.failureMessage ?? '', /suspending: the job is restarting/);
  assert.deepEqual(h.failures, []);
  mock.timers.tick(10_000);
  assert.equal(h.calls.filter((c) => c.method === 'trigger').length, 1);
});

test('at the job\'s end the retention decides: FINISHED and CANCELED delete, FAILED keeps, RETAIN_ON_CANCELLATION keeps on cancel', async () => {
  for (const [status, retention, kept] of [
    ['FINISHED', 'RETAIN_ON_CANCELLATION', false], ['CANCELED', 'DELETE_ON_CANCELLATION', false],
    ['CANCELED', 'RETAIN_ON_CANCELLATION', true], ['FAILED', 'DELETE_ON_CANCELLATION', true], ['FAILED', 'NO_EXTERNALIZED_CHECKPOINTS', false],
  ] as const) {
    const h = harness({ retention });
    h.coordinator.start();
    await h.trigger(1);
    await h.ackAll(1);
    await h.coordinator.shutdown(status);
    assert.deepEqual(await h.checkpointDirs(), kept ? ['chk-1'] : [], `${status} with ${retention}`);
    await rm(join(dir, JOB_ID), { recursive: true, force: true });
  }
});

test('max-concurrent-checkpoints bounds the pending ones; a completed checkpoint subsumes an older pending one', async () => {
  const h = harness({ maxConcurrent: 2, tolerableFailures: 0 });
  h.coordinator.start();
  await h.trigger(1);
  await h.trigger(2);
  mock.timers.tick(5000);
  assert.equal(h.tasksAsked, 2, 'two are pending: no third');
  await h.ackAll(2);
  const stats = h.coordinator.statsSnapshot();
  assert.deepEqual(stats.history.map((c) => [c.id, c.status]), [[2, 'COMPLETED'], [1, 'FAILED']]);
  assert.match(stats.latestFailed?.failureMessage ?? '', /Checkpoint 1 has been subsumed by checkpoint 2/);
  assert.deepEqual(h.failures, [], 'a subsumed checkpoint is not counted');
});

test('a manual checkpoint starts at once, ignoring the interval, counts like any other and resolves with its id when it completes', async () => {
  const h = harness({ minPause: 60_000 });
  h.coordinator.start();
  const manual = h.coordinator.triggerCheckpoint();
  await h.until((c) => c.method === 'trigger' && c.checkpointId === 1);
  await h.ackAll(1);
  assert.equal(await manual, 1);
  assert.equal((await h.metadata(1)).checkpointId, 1);
  assert.deepEqual(h.coordinator.statsSnapshot().counts, { restored: 0, total: 1, inProgress: 0, completed: 1, failed: 0 });
  // Min-pause holds the periodic trigger back, not a manual one; the numbering goes on.
  const next = h.coordinator.triggerCheckpoint();
  await h.until((c) => c.method === 'trigger' && c.checkpointId === 2);
  await h.ackAll(2);
  assert.equal(await next, 2);
});

test('a manual checkpoint waits while max-concurrent checkpoints are pending and starts, before the periodic one, when one ends', async () => {
  const h = harness();
  h.coordinator.start();
  await h.trigger(1);
  const manual = h.coordinator.triggerCheckpoint();
  mock.timers.tick(5000);
  assert.equal(h.tasksAsked, 1, 'checkpoint 1 is pending: the manual one waits');
  await h.ackAll(1);
  await h.until((c) => c.method === 'trigger' && c.checkpointId === 2);
  assert.equal(h.tasksAsked, 2);
  await h.ackAll(2);
  assert.equal(await manual, 2);
});

test('a manual checkpoint that is aborted rejects with the cause; one that cannot start rejects at once', async () => {
  const h = harness({ tolerableFailures: 5 });
  await assert.rejects(h.coordinator.triggerCheckpoint(), { code: 'CHECKPOINT_FAILED', message: /Not all required tasks are currently running/ });
  h.coordinator.start();
  const declined = h.coordinator.triggerCheckpoint();
  await h.until((c) => c.method === 'trigger' && c.checkpointId === 1);
  h.coordinator.receiveDecline('src-0', { checkpointId: 1, reason: { code: 'X', kind: 'user', retryable: false, message: 'disk full' } });
  await assert.rejects(declined, { code: 'CHECKPOINT_FAILED', message: /Checkpoint 1 was declined by source \(1\/1\): disk full/ });
  h.setState('map-1', 'DEPLOYING');
  await assert.rejects(h.coordinator.triggerCheckpoint(), { message: /Not all required tasks are currently running/ });
  assert.equal(h.coordinator.statsSnapshot().counts.total, 1, 'a checkpoint that never started is not in the statistics');
});

test('stop rejects the pending and the queued manual checkpoints', async () => {
  const h = harness();
  h.coordinator.start();
  const pending = h.coordinator.triggerCheckpoint();
  const queued = h.coordinator.triggerCheckpoint();
  await h.until((c) => c.method === 'trigger' && c.checkpointId === 1);
  h.coordinator.stop('the job is cancelling');
  await assert.rejects(pending, { message: /suspending: the job is cancelling/ });
  await assert.rejects(queued, { message: /suspending: the job is cancelling/ });
  assert.equal(h.tasksAsked, 1);
});

test('a savepoint goes into savepoint-<job id prefix>-<hex> with _metadata of type SAVEPOINT and its own state files; the store never retains or deletes it', async () => {
  const h = harness({ numRetained: 1 });
  h.coordinator.start();
  const savepoint = h.coordinator.triggerSavepoint(join(dir, 'savepoints'));
  await h.until((c) => c.method === 'trigger' && c.checkpointId === 1);
  await h.ackAll(1);
  const location = await savepoint;
  assert.match(location, new RegExp(`^${join(dir, 'savepoints', `savepoint-${JOB_ID.slice(0, 6)}-`)}[0-9a-f]{12}$`));
  const metadata = JSON.parse(await readFile(join(location, '_metadata'), 'utf8')) as CheckpointMetadata;
  assert.equal(metadata.type, 'SAVEPOINT');
  assert.deepEqual(metadata.subtasks.map((s) => s.state?.path), ['map-0.state', 'map-1.state', 'src-0.state'], 'state files named relative to the savepoint');
  assert.equal(await readFile(join(location, 'src-0.state'), 'utf8'), 'state of src-0');
  const stats = h.coordinator.statsSnapshot();
  assert.deepEqual([stats.history[0]!.savepoint, stats.latestSavepoint?.externalPath, stats.latestCompleted], [true, location, undefined]);
  // Two periodic checkpoints with num-retained 1: the second deletes the first, never the savepoint.
  await h.trigger(2);
  await h.ackAll(2);
  await h.trigger(3);
  await h.ackAll(3);
  assert.equal((await h.coordinator.restoreLatest(() => undefined))?.checkpointId, 3);
  await h.coordinator.shutdown('FINISHED');
  assert.equal(JSON.parse(await readFile(join(location, '_metadata'), 'utf8')).type, 'SAVEPOINT', 'the job\'s end leaves the savepoint');
});

test('a savepoint whose directory cannot be created fails with the cause and is not counted against tolerable-failed-checkpoints', async () => {
  const h = harness({ tolerableFailures: 0 });
  h.coordinator.start();
  await writeFile(join(dir, 'a-file'), '');
  await assert.rejects(h.coordinator.triggerSavepoint(join(dir, 'a-file', 'savepoints')), { code: 'CHECKPOINT_FAILED', message: /Savepoint 1 could not create its directory .*a-file/ });
  assert.deepEqual(h.failures, []);
  assert.equal(h.coordinator.statsSnapshot().latestFailed?.savepoint, true);
  await h.trigger(2);
  await h.ackAll(2);
});

test('a stop-with-savepoint\'s trigger carries its mode; once it completed no checkpoint starts until the next round', async () => {
  const h = harness();
  h.coordinator.start();
  const savepoint = h.coordinator.triggerSavepoint(join(dir, 'savepoints'));
  await h.until((c) => c.method === 'trigger' && c.checkpointId === 1);
  await h.ackAll(1);
  await savepoint;
  const stop = h.coordinator.triggerSavepoint(join(dir, 'savepoints'), 'SUSPEND');
  await h.until((c) => c.method === 'trigger' && c.checkpointId === 2);
  await h.ackAll(2);
  assert.match(await stop, /savepoint-aaaaaa-/);
  assert.deepEqual(h.calls.filter((c) => c.method === 'trigger').map((c) => [c.checkpointId, c.stop, c.savepoint]), [[1, undefined, true], [2, 'SUSPEND', true]], 'a savepoint\'s trigger says so: every backend takes a full snapshot');
  // The tasks end now: a task reporting RUNNING or FINISHED does not restart the periodic trigger.
  h.coordinator.start();
  mock.timers.tick(5000);
  await assert.rejects(h.coordinator.triggerSavepoint(join(dir, 'savepoints')), { message: /Not all required tasks are currently running/ });
  assert.equal(h.calls.filter((c) => c.method === 'trigger').length, 2);
  // A new round (after a failure) checkpoints again.
  h.coordinator.stop('the job is restarting');
  h.coordinator.start();
  await h.trigger(3);
});

test('with interval 0 no checkpoint is triggered periodically, yet a savepoint is taken', async () => {
  const h = harness({ interval: 0 });
  h.coordinator.start();
  mock.timers.tick(3_600_000);
  assert.equal(h.tasksAsked, 0);
  const savepoint = h.coordinator.triggerSavepoint(join(dir, 'savepoints'));
  await h.until((c) => c.method === 'trigger' && c.checkpointId === 1);
  await h.ackAll(1);
  assert.match(await savepoint, /savepoint-aaaaaa-/);
});

test('a FULL manual checkpoint\'s trigger says so (an incremental backend writes a new base); others do not', async () => {
  const h = harness();
  h.coordinator.start();
  const full = h.coordinator.triggerCheckpoint(true);
  await h.until((c) => c.method === 'trigger' && c.checkpointId === 1);
  await h.ackAll(1);
  assert.equal(await full, 1);
  await h.trigger(2);
  assert.deepEqual(h.calls.filter((c) => c.method === 'trigger').map((c) => [c.checkpointId, c.savepoint, c.full]), [[1, undefined, true], [2, undefined, undefined]]);
});

test('an aborted checkpoint deletes the shared files its subtasks wrote, never those a retained checkpoint names', { timeout: 30_000 }, async () => {
  const h = harness();
  const shared = join(dir, JOB_ID, 'shared');
  await mkdir(shared, { recursive: true });
  const sharedFile = async (name: string): Promise<StateHandle> => {
    await writeFile(join(shared, name), name);
    return { path: join(shared, name), size: name.length, sha256: createHash('sha256').update(name).digest('hex') };
  };
  h.coordinator.start();
  await h.trigger(1);
  const base = await sharedFile('base-1');
  for (const t of h.tasks) h.coordinator.receiveAcknowledge(t.attemptId, { checkpointId: 1, keyedStateFiles: [base], metrics: METRICS });
  await h.until((c) => c.method === 'complete' && c.checkpointId === 1);
  await h.trigger(2);
  const delta = await sharedFile('delta-2');
  h.coordinator.receiveAcknowledge('map-0', { checkpointId: 2, keyedStateFiles: [base, delta], metrics: METRICS });
  h.coordinator.receiveDecline('map-1', { checkpointId: 2, reason: { code: 'X', kind: 'user', retryable: false, message: 'no' } });
  await h.until((c) => c.method === 'aborted' && c.checkpointId === 2);
  // Deleted in the background (timers are mocked: wait on the condition between I/O turns).
  while (existsSync(delta.path)) await new Promise((resolve) => setImmediate(resolve));
  assert.ok(existsSync(base.path), 'named by checkpoint 1');
});
