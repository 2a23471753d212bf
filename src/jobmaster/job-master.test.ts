/**
 * The JobMaster's protocol against gateway fakes (no processes, no sockets): slot offers, task
 * state reports through the transition table, deploy failures, cancel during deploy, a
 * TaskExecutor that stops answering heartbeats, and checkpoints with the restore of a restart.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ErrorCode, SluiceError, serializeError } from '../common/errors.js';
import { keyGroupRangeForSubtask } from '../common/key-group-range.js';
import { silentLogger, type Logger } from '../common/log.js';
import type { CheckpointSettings } from '../protocol/checkpoint-stats.js';
import type { CheckpointTrigger } from '../protocol/checkpoints.js';
import type { SlotOffer, TaskDeploymentDescriptor } from '../protocol/deployment.js';
import { EndpointIds, type ResourceManagerGateway, type TaskExecutorGateway } from '../protocol/gateways.js';
import type { JobGraph } from '../protocol/job-graph.js';
import type { JobResourceRequirements } from '../protocol/rescales.js';
import type { ExecutionState } from '../protocol/states.js';
import { testingResourceManagerGateway } from '../protocol/test-resource-manager-gateway.js';
import { testingTaskExecutorGateway } from '../protocol/test-task-executor-gateway.js';
import { waitFor } from '../../tests/helpers/processes.js';
import { writeMetadata, type CheckpointMetadata } from '../checkpoint/checkpoint-storage.js';
import { JobMaster } from './job-master.js';
import type { RestartBackoffTimeStrategy } from './restart-strategies.js';
import type { HeartbeatSettings } from '../heartbeat/heartbeat-settings.js';
import type { StateBackendType } from '../common/config/options.js';

const TM = 'a'.repeat(32);
const TASK_EXECUTOR = { address: { host: '127.0.0.1', port: 1 }, endpointId: EndpointIds.TASK_EXECUTOR };
const DATA_ADDRESS = { host: '127.0.0.1', port: 2 };
const QUIET_HEARTBEAT: HeartbeatSettings = { intervalMs: 60_000, timeoutMs: 120_000, rpcFailureThreshold: -1 };

/** One vertex of `parallelism` subtasks: the job needs `parallelism` slots. */
function jobGraph(parallelism: number, config: Record<string, string> = {}): JobGraph {
  const vertex = { id: 'v'.repeat(32), name: 'Source', parallelism, maxParallelism: 128, operators: [{ operatorId: 'o'.repeat(32), nodeId: 1, name: 'Source', kind: 'source' }], inputs: [] };
  return { jobId: 'j'.repeat(32), jobName: 'test', jobType: 'STREAMING', vertices: [vertex], maxParallelism: 128, fingerprint: 'f', plan: {}, streamGraph: {}, program: {}, config } as unknown as JobGraph;
}

/** A strategy that allows `times` restarts without delay, counting the failures it is told of. */
function restarts(times: number): RestartBackoffTimeStrategy & { failures: number } {
  return {
    failures: 0,
    description: `TestingRestartStrategy(${times})`,
    restarts: times > 0,
    notifyFailure() {
      this.failures++;
    },
    canRestart() {
      return this.failures <= times;
    },
    backoffTimeMs: () => 0,
  };
}

interface Setup {
  parallelism?: number;
  /** The job's configuration. */
  config?: Record<string, string>;
  taskExecutor?: TaskExecutorGateway;
  resourceManager?: ResourceManagerGateway;
  restartStrategy?: RestartBackoffTimeStrategy;
  heartbeat?: HeartbeatSettings;
  checkpointing?: CheckpointSettings;
  stateBackend?: StateBackendType;
  incrementalCheckpoints?: boolean;
  log?: Logger;
}

function jobMaster(s: Setup = {}): JobMaster {
  const taskExecutor = s.taskExecutor ?? testingTaskExecutorGateway().build();
  return new JobMaster({
    jobGraph: jobGraph(s.parallelism ?? 2, s.config),
    initializationTimestamp: Date.now(),
    jobMasterId: 'm'.repeat(32),
    selfAddress: { address: { host: '127.0.0.1', port: 3 }, endpointId: EndpointIds.jobMaster('j'.repeat(32)) },
    resourceManager: s.resourceManager ?? testingResourceManagerGateway().build(),
    gateways: <G extends object>() => taskExecutor as G,
    slotRequestTimeoutMs: 60_000,
    exceptionHistorySize: 16,
    restartStrategy: s.restartStrategy ?? restarts(0),
    checkpointing: s.checkpointing,
    stateBackend: s.stateBackend,
    incrementalCheckpoints: s.incrementalCheckpoints,
    checkpointHistorySize: 10,
    heartbeat: s.heartbeat ?? QUIET_HEARTBEAT,
    log: s.log ?? silentLogger(),
  });
}

function offers(n: number, from = 0): SlotOffer[] {
  return Array.from({ length: n }, (_, i) => ({ allocationId: `alloc-${from + i}`, slotIndex: from + i }));
}

/** A TaskExecutor fake that records the tasks submitted to it; `submitTask` may be replaced. */
function recordingTaskExecutor(submitTask: TaskExecutorGateway['submitTask'] = async () => undefined): { gateway: TaskExecutorGateway; submitted: TaskDeploymentDescriptor[]; cancelled: string[]; freed: string[] } {
  const submitted: TaskDeploymentDescriptor[] = [];
  const cancelled: string[] = [];
  const freed: string[] = [];
  const gateway = testingTaskExecutorGateway()
    .set('submitTask', async (tdd) => {
      submitted.push(tdd);
      return submitTask(tdd);
    })
    .set('cancelTask', async (id) => void cancelled.push(id))
    .set('freeSlot', async (allocationId) => void freed.push(allocationId))
    .build();
  return { gateway, submitted, cancelled, freed };
}

/** Starts the job, offers it the slots it needs, and waits until `count` tasks were submitted. */
async function deploy(jm: JobMaster, submitted: TaskDeploymentDescriptor[], count = 2): Promise<TaskDeploymentDescriptor[]> {
  jm.start();
  // A job started from a snapshot reads it before it runs and takes slots.
  await waitFor('the job to run', () => (jm.jobStatus === 'RUNNING' ? true : undefined));
  await jm.offerSlots(TM, TASK_EXECUTOR, DATA_ADDRESS, offers(count));
  return waitFor(`${count} submitted tasks`, () => (submitted.length >= count ? submitted.slice(-count) : undefined));
}

function report(jm: JobMaster, tdd: TaskDeploymentDescriptor, state: ExecutionState, error?: Error): Promise<void> {
  return jm.updateTaskExecutionState({ jobId: tdd.jobId, executionAttemptId: tdd.executionAttemptId, state, ...(error && { error: serializeError(error) }) });
}

async function subtaskStates(jm: JobMaster): Promise<ExecutionState[]> {
  return (await jm.requestJob()).vertices[0]!.subtasks.map((s) => s.state);
}

test('the JobMaster accepts as many offered slots as the job needs, each once, and declines the rest', async () => {
  const jm = jobMaster({ parallelism: 2 });
  try {
    assert.deepEqual(await jm.offerSlots(TM, TASK_EXECUTOR, DATA_ADDRESS, offers(1)), [], 'not started yet: nothing to take');
    jm.start();
    assert.deepEqual(await jm.offerSlots(TM, TASK_EXECUTOR, DATA_ADDRESS, offers(1)), offers(1));
    assert.deepEqual(await jm.offerSlots(TM, TASK_EXECUTOR, DATA_ADDRESS, offers(3)), offers(1, 1), 'the slot it holds is not taken twice; one more is enough');
    assert.deepEqual(await jm.offerSlots(TM, TASK_EXECUTOR, DATA_ADDRESS, offers(1, 5)), []);
  } finally {
    await jm.close();
  }
});

test('the JobMaster declares the slots it needs and gives them back when the job ends', async () => {
  const declared: number[] = [];
  const released: string[] = [];
  const resourceManager = testingResourceManagerGateway()
    .set('declareRequiredResources', async (_jobId, _jobMaster, _jobMasterId, required) => void declared.push(required))
    .set('notifySlotReleased', async (_tm, allocationId) => void released.push(allocationId))
    .build();
  const te = recordingTaskExecutor();
  const jm = jobMaster({ taskExecutor: te.gateway, resourceManager });
  try {
    const tasks = await deploy(jm, te.submitted);
    for (const tdd of tasks) for (const state of ['INITIALIZING', 'RUNNING', 'FINISHED'] as const) await report(jm, tdd, state);
    assert.equal((await jm.resultFuture).state, 'FINISHED');
    assert.deepEqual(declared, [2, 0]);
    assert.deepEqual(te.freed.sort(), ['alloc-0', 'alloc-1']);
    assert.deepEqual(released.sort(), ['alloc-0', 'alloc-1']);
  } finally {
    await jm.close();
  }
});

test('a late RUNNING report does not overwrite CANCELING, and is logged at debug', async () => {
  const te = recordingTaskExecutor();
  const log = silentLogger();
  const debug: string[] = [];
  log.debug = ((_obj: unknown, msg: string) => void debug.push(msg)) as Logger['debug'];
  const jm = jobMaster({ taskExecutor: te.gateway, log });
  try {
    const [a, b] = await deploy(jm, te.submitted);
    await report(jm, a!, 'INITIALIZING');
    await report(jm, b!, 'INITIALIZING');
    await jm.cancel();
    assert.deepEqual(await subtaskStates(jm), ['CANCELING', 'CANCELING']);
    await report(jm, a!, 'RUNNING');
    assert.deepEqual(await subtaskStates(jm), ['CANCELING', 'CANCELING']);
    assert.match(debug.join('\n'), /Ignored transition of Source \(1\/2\) from CANCELING to RUNNING/);
    await report(jm, a!, 'CANCELED');
    await report(jm, b!, 'CANCELED');
    assert.equal((await jm.resultFuture).state, 'CANCELED');
  } finally {
    await jm.close();
  }
});

test('FINISHED after FAILED changes nothing; a task that finishes while being cancelled ends CANCELED', async () => {
  const te = recordingTaskExecutor();
  const jm = jobMaster({ taskExecutor: te.gateway });
  try {
    const [a, b] = await deploy(jm, te.submitted);
    await report(jm, a!, 'FAILED', new SluiceError(ErrorCode.TASK_FAILED, 'boom'));
    await report(jm, a!, 'FINISHED');
    assert.deepEqual(await subtaskStates(jm), ['FAILED', 'CANCELING'], 'the job fails: the other task is cancelled');
    assert.deepEqual(te.cancelled, [b!.executionAttemptId]);
    await report(jm, b!, 'FINISHED');
    const result = await jm.resultFuture;
    assert.equal(result.state, 'FAILED');
    assert.deepEqual(result.vertices[0]!.subtasks.map((s) => s.state), ['FAILED', 'CANCELED']);
    assert.match(result.failureCause!.message, /boom/);
  } finally {
    await jm.close();
  }
});

test('duplicate reports are ignored: one failure restarts the job once', async () => {
  const te = recordingTaskExecutor();
  const strategy = restarts(5);
  const jm = jobMaster({ taskExecutor: te.gateway, restartStrategy: strategy });
  try {
    const [a, b] = await deploy(jm, te.submitted);
    await report(jm, a!, 'INITIALIZING');
    const initializingSince = (await jm.requestJob()).vertices[0]!.subtasks[0]!.stateTimestamps.INITIALIZING;
    await report(jm, a!, 'INITIALIZING');
    assert.equal((await jm.requestJob()).vertices[0]!.subtasks[0]!.stateTimestamps.INITIALIZING, initializingSince);
    await report(jm, a!, 'FAILED', new Error('boom'));
    await report(jm, a!, 'FAILED', new Error('boom'));
    assert.equal(strategy.failures, 1);
    assert.equal((await jm.requestJob()).exceptionHistory.length, 1);
    await report(jm, b!, 'CANCELED');
    const next = await waitFor('the restarted round', () => (te.submitted.length === 4 ? te.submitted.slice(2) : undefined));
    assert.deepEqual(next.map((t) => t.attemptNumber), [1, 1]);
    assert.equal(jm.jobStatus, 'RUNNING');
  } finally {
    await jm.close();
  }
});

test('a failed deployment goes to the restart strategy: the job restarts, then runs', async () => {
  const te = recordingTaskExecutor(async (tdd) => {
    if (tdd.attemptNumber === 0 && tdd.subtaskIndex === 0) throw new SluiceError(ErrorCode.RPC_UNREACHABLE, 'connection refused');
  });
  const strategy = restarts(1);
  const jm = jobMaster({ taskExecutor: te.gateway, restartStrategy: strategy });
  try {
    const first = await deploy(jm, te.submitted);
    // The round's other task is cancelled before the restart.
    await waitFor('the other task cancelled', () => (te.cancelled.includes(first[1]!.executionAttemptId) ? true : undefined));
    await report(jm, first[1]!, 'CANCELED');
    const second = await waitFor('the restarted round', () => (te.submitted.length === 4 ? te.submitted.slice(2) : undefined));
    for (const tdd of second) for (const state of ['INITIALIZING', 'RUNNING', 'FINISHED'] as const) await report(jm, tdd, state);
    const result = await jm.resultFuture;
    assert.equal(result.state, 'FINISHED');
    assert.equal(strategy.failures, 1);
    assert.match(result.exceptionHistory[0]!.stacktrace, /Could not deploy Source \(1\/2\): connection refused/);
  } finally {
    await jm.close();
  }
});

test('a failed deployment fails the job when the strategy allows no restart', async () => {
  const te = recordingTaskExecutor(async () => {
    throw new SluiceError(ErrorCode.RPC_UNREACHABLE, 'connection refused');
  });
  const jm = jobMaster({ taskExecutor: te.gateway });
  try {
    await deploy(jm, te.submitted);
    const result = await jm.resultFuture;
    assert.equal(result.state, 'FAILED');
    assert.match(result.failureCause!.message, /Could not deploy Source \(\d\/2\): connection refused/);
    assert.deepEqual(result.vertices[0]!.subtasks.map((s) => s.state).sort(), ['CANCELED', 'FAILED']);
  } finally {
    await jm.close();
  }
});

test('a job cancelled while its tasks are being deployed ends CANCELED with nothing left running', async () => {
  const pending: (() => void)[] = [];
  let jm: JobMaster | undefined;
  const te = recordingTaskExecutor(() => new Promise<void>((resolve) => pending.push(resolve)));
  // As a TaskExecutor does: a cancelled task reports CANCELED once it has stopped.
  te.gateway.cancelTask = async (id) => {
    te.cancelled.push(id);
    setImmediate(() => void jm!.updateTaskExecutionState({ jobId: 'j'.repeat(32), executionAttemptId: id, state: 'CANCELED' }));
  };
  jm = jobMaster({ taskExecutor: te.gateway });
  try {
    const tasks = await deploy(jm, te.submitted);
    assert.deepEqual(await subtaskStates(jm), ['DEPLOYING', 'DEPLOYING']);
    await jm.cancel();
    const result = await jm.resultFuture;
    assert.equal(result.state, 'CANCELED');
    assert.deepEqual(te.cancelled.sort(), tasks.map((t) => t.executionAttemptId).sort());
    // The deployments complete late and the tasks report that they started: nothing changes.
    for (const resolve of pending) resolve();
    for (const tdd of tasks) await report(jm, tdd, 'INITIALIZING');
    assert.deepEqual(await subtaskStates(jm), ['CANCELED', 'CANCELED']);
    assert.equal(jm.jobStatus, 'CANCELED');
    assert.deepEqual(te.freed.sort(), ['alloc-0', 'alloc-1']);
  } finally {
    await jm.close();
  }
});

test('a TaskExecutor that stops answering heartbeats fails the tasks in its slots', async () => {
  const disconnected: string[] = [];
  const resourceManager = testingResourceManagerGateway().set('disconnectTaskManager', async (id) => void disconnected.push(id)).build();
  const te = recordingTaskExecutor();
  let silent = false;
  te.gateway.heartbeatFromJobManager = async () => (silent ? new Promise<never>(() => undefined) : ['alloc-0', 'alloc-1']);
  const jm = jobMaster({ taskExecutor: te.gateway, resourceManager, heartbeat: { intervalMs: 20, timeoutMs: 200, rpcFailureThreshold: -1 } });
  try {
    await deploy(jm, te.submitted);
    // Silent only once the tasks run there, however long deploying took.
    silent = true;
    // Polling keeps the event loop alive: the heartbeat timers do not (they are unref'd).
    const result = await waitFor('the job to fail', () => (jm.jobStatus === 'FAILED' ? jm.resultFuture : undefined));
    assert.equal(result.failureCause!.code, ErrorCode.TASK_MANAGER_LOST);
    assert.deepEqual(result.vertices[0]!.subtasks.map((s) => s.state), ['FAILED', 'FAILED']);
    assert.deepEqual(disconnected, [TM]);
  } finally {
    await jm.close();
  }
});

/** Checkpoints every 10 ms into `directory`, keeping two. */
function checkpointEvery10Ms(directory: string): CheckpointSettings {
  return { interval: 10, mode: 'EXACTLY_ONCE', timeout: 600_000, minPause: 0, maxConcurrent: 1, tolerableFailures: 0, numRetained: 2, retention: 'DELETE_ON_CANCELLATION', directory };
}

/** A TaskExecutor that records triggers and completion notifications of checkpoints. */
function checkpointingTaskExecutor(): ReturnType<typeof recordingTaskExecutor> & { triggers: CheckpointTrigger[]; completed: number[] } {
  const te = recordingTaskExecutor();
  const triggers: CheckpointTrigger[] = [];
  const completed: number[] = [];
  te.gateway.triggerCheckpoint = async (_attempt, trigger) => void triggers.push(trigger);
  te.gateway.notifyCheckpointComplete = async (_attempt, checkpointId) => void completed.push(checkpointId);
  return { ...te, triggers, completed };
}

/** Both subtasks acknowledge the checkpoint `trigger` with a state file each; waits until it completed. */
async function acknowledge(jm: JobMaster, te: ReturnType<typeof checkpointingTaskExecutor>, tasks: TaskDeploymentDescriptor[], trigger: CheckpointTrigger): Promise<void> {
  for (const tdd of tasks) {
    const bytes = `state ${tdd.subtaskIndex} at ${trigger.checkpointId}`;
    const path = join(trigger.location, `${tdd.subtaskIndex}.state`);
    await writeFile(path, bytes);
    const state = { path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
    await jm.acknowledgeCheckpoint(tdd.executionAttemptId, { checkpointId: trigger.checkpointId, state, metrics: { startDelayMs: 0, alignmentDurationMs: 0, syncDurationMs: 1, asyncDurationMs: 1, stateSize: bytes.length, processedData: 0 } });
  }
  await waitFor(`checkpoint ${trigger.checkpointId} to complete`, () => (te.completed.includes(trigger.checkpointId) ? true : undefined));
}

async function runAll(jm: JobMaster, tasks: TaskDeploymentDescriptor[]): Promise<void> {
  for (const tdd of tasks) for (const state of ['INITIALIZING', 'RUNNING'] as const) await report(jm, tdd, state);
}

/** Runs `body` against a JobMaster of a job checkpointing every 10 ms into a temporary directory. */
async function withCheckpointingJob(restartStrategy: RestartBackoffTimeStrategy, body: (jm: JobMaster, te: ReturnType<typeof checkpointingTaskExecutor>, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-jm-checkpoints-'));
  const te = checkpointingTaskExecutor();
  const jm = jobMaster({ taskExecutor: te.gateway, restartStrategy, checkpointing: checkpointEvery10Ms(dir) });
  try {
    await body(jm, te, dir);
  } finally {
    await jm.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Fails the first task of the round `tasks`, cancels the other, and returns the next round's descriptors. */
async function failAndRestart(jm: JobMaster, te: ReturnType<typeof checkpointingTaskExecutor>, tasks: TaskDeploymentDescriptor[]): Promise<TaskDeploymentDescriptor[]> {
  await report(jm, tasks[0]!, 'FAILED', new Error('boom'));
  for (const tdd of tasks.slice(1)) await report(jm, tdd, 'CANCELED');
  return waitFor('the restarted round', () => (te.submitted.length === 2 * tasks.length ? te.submitted.slice(tasks.length) : undefined));
}

test('the tasks learn the state backend (and whether it is incremental) the cluster\'s and the job\'s configuration resolve to', async () => {
  const te = recordingTaskExecutor();
  const jm = jobMaster({ taskExecutor: te.gateway, stateBackend: 'rocksdb', incrementalCheckpoints: true });
  try {
    const tasks = await deploy(jm, te.submitted);
    assert.deepEqual(tasks.map((tdd) => tdd.jobConfig['state.backend.type']), ['rocksdb', 'rocksdb']);
    assert.deepEqual(tasks.map((tdd) => tdd.jobConfig['state.backend.incremental']), ['true', 'true']);
  } finally {
    await jm.close();
  }
});

test('a checkpointing job checkpoints once its tasks run, reports it in requestJob, and a restart restores every subtask from it', () =>
  withCheckpointingJob(restarts(1), async (jm, te, dir) => {
    const first = await deploy(jm, te.submitted);
    assert.equal(first[0]!.restore, undefined);
    // The tasks learn the effective interval and mode, wherever they were configured.
    assert.deepEqual([first[0]!.jobConfig['execution.checkpointing.interval'], first[0]!.jobConfig['execution.checkpointing.mode']], ['10', 'EXACTLY_ONCE']);
    await runAll(jm, first);
    const trigger = await waitFor('a checkpoint trigger', () => te.triggers[0]);
    assert.equal(trigger.location, join(dir, 'j'.repeat(32), `chk-${trigger.checkpointId}`));
    await acknowledge(jm, te, first, trigger);
    const stats = (await jm.requestJob()).checkpointStats;
    assert.equal(stats?.counts.completed, 1);
    assert.equal(stats?.latestCompleted?.id, trigger.checkpointId);

    const second = await failAndRestart(jm, te, first);
    assert.deepEqual(second.map((tdd) => [tdd.subtaskIndex, tdd.restore?.checkpointId, tdd.restore?.finished, tdd.restore?.states.map((part) => part.states.map((h) => h.path))]), [
      [0, trigger.checkpointId, false, [[join(trigger.location, '0.state')]]],
      [1, trigger.checkpointId, false, [[join(trigger.location, '1.state')]]],
    ]);
    for (const tdd of second) assert.deepEqual(tdd.restore?.states[0]?.vertexStates.map((h) => h?.path), [join(trigger.location, '0.state'), join(trigger.location, '1.state')], 'the files of the vertex, for union list state');
    assert.equal((await jm.requestJob()).checkpointStats?.latestRestored?.id, trigger.checkpointId);
  }));

test('a restart skips a corrupt latest checkpoint for the one before, saying so in the exception history', () =>
  withCheckpointingJob(restarts(1), async (jm, te) => {
    const first = await deploy(jm, te.submitted);
    await runAll(jm, first);
    await acknowledge(jm, te, first, await waitFor('checkpoint 1', () => te.triggers[0]));
    // Each of the two sources is triggered: the first trigger of id 2.
    const latest = await waitFor('checkpoint 2', () => te.triggers.find((t) => t.checkpointId === 2));
    await acknowledge(jm, te, first, latest);
    await writeFile(join(latest.location, '1.state'), 'corrupt');

    const second = await failAndRestart(jm, te, first);
    assert.deepEqual(second.map((tdd) => tdd.restore?.checkpointId), [1, 1]);
    const history = (await jm.requestJob()).exceptionHistory;
    assert.match(history.at(-1)!.stacktrace, /Skipped checkpoint 2 .*1\.state has 7 bytes.*; restoring checkpoint 1 instead/);
  }));

test('a restart with no intact checkpoint left fails the job instead of starting it over', () =>
  withCheckpointingJob(restarts(1), async (jm, te, dir) => {
    const first = await deploy(jm, te.submitted);
    await runAll(jm, first);
    await acknowledge(jm, te, first, await waitFor('checkpoint 1', () => te.triggers[0]));
    await rm(join(dir, 'j'.repeat(32), 'chk-1', '_metadata'));
    await report(jm, first[0]!, 'FAILED', new Error('boom'));
    for (const tdd of first.slice(1)) await report(jm, tdd, 'CANCELED');
    const archived = await jm.resultFuture;
    assert.equal(archived.state, 'FAILED');
    assert.equal(archived.failureCause?.code, 'CHECKPOINT_CORRUPT');
    assert.equal(te.submitted.length, 2);
  }));

test('a finished job deletes its checkpoints; the archived graph keeps their statistics', () =>
  withCheckpointingJob(restarts(0), async (jm, te, dir) => {
    const tasks = await deploy(jm, te.submitted);
    await runAll(jm, tasks);
    await acknowledge(jm, te, tasks, await waitFor('a checkpoint trigger', () => te.triggers[0]));
    for (const tdd of tasks) await report(jm, tdd, 'FINISHED');
    const archived = await jm.resultFuture;
    assert.equal(archived.state, 'FINISHED');
    assert.equal(archived.checkpointStats?.counts.completed, 1);
    assert.equal(archived.checkpointStats?.latestCompleted?.discarded, true);
    await assert.rejects(mkdtemp(join(dir, 'j'.repeat(32), 'x')), { code: 'ENOENT' });
  }));

test('a manual checkpoint starts at once once the tasks run and resolves with its id; before that, or without checkpointing, it is refused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-jm-manual-'));
  const te = checkpointingTaskExecutor();
  // An hour between periodic checkpoints: only the manual one is taken.
  const jm = jobMaster({ taskExecutor: te.gateway, restartStrategy: restarts(0), checkpointing: { ...checkpointEvery10Ms(dir), interval: 3_600_000 } });
  const plain = jobMaster({ taskExecutor: recordingTaskExecutor().gateway });
  const incremental = jobMaster({ taskExecutor: recordingTaskExecutor().gateway, checkpointing: { ...checkpointEvery10Ms(dir), interval: 3_600_000 }, stateBackend: 'rocksdb', incrementalCheckpoints: true });
  try {
    await assert.rejects(plain.triggerCheckpoint('CONFIGURED'), { code: 'ILLEGAL_STATE', message: /does not checkpoint: manual checkpoints need execution\.checkpointing\.interval/ });
    await assert.rejects(jm.triggerCheckpoint('INCREMENTAL'), { code: 'BAD_REQUEST', message: /cannot take an INCREMENTAL checkpoint: only the rocksdb state backend with state\.backend\.incremental: true takes them, and this job runs hashmap/ });
    // Accepted: it fails only as any checkpoint before the tasks run.
    await assert.rejects(incremental.triggerCheckpoint('INCREMENTAL'), { code: 'CHECKPOINT_FAILED', message: /Not all required tasks are currently running/ });
    const tasks = await deploy(jm, te.submitted);
    await assert.rejects(jm.triggerCheckpoint('CONFIGURED'), { code: 'CHECKPOINT_FAILED', message: /Not all required tasks are currently running/ });
    await runAll(jm, tasks);
    const manual = jm.triggerCheckpoint('FULL');
    const trigger = await waitFor('the manual checkpoint\'s trigger', () => te.triggers[0]);
    assert.equal(trigger.full, true, 'a FULL checkpoint tells the tasks so (an incremental backend writes a new base)');
    await acknowledge(jm, te, tasks, trigger);
    assert.equal(await manual, trigger.checkpointId);
    assert.equal((await jm.requestJob()).checkpointStats?.latestCompleted?.id, trigger.checkpointId);
  } finally {
    await jm.close();
    await plain.close();
    await incremental.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a job without periodic checkpoints takes savepoints (not manual checkpoints), shows them once taken, and cancel-job cancels it after one', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-jm-savepoints-'));
  const te = checkpointingTaskExecutor();
  const jm = jobMaster({ taskExecutor: te.gateway, restartStrategy: restarts(0), checkpointing: { ...checkpointEvery10Ms(dir), interval: 0 } });
  try {
    await assert.rejects(jm.triggerSavepoint(undefined, false), { code: 'ILLEGAL_STATE', message: /No savepoint directory configured.*'execution\.checkpointing\.savepoint-dir'/ });
    await assert.rejects(jm.triggerCheckpoint('CONFIGURED'), { code: 'ILLEGAL_STATE', message: /does not checkpoint/ });
    const tasks = await deploy(jm, te.submitted);
    // The tasks learn the mode and directory even so: a savepoint's barriers need them.
    assert.deepEqual([tasks[0]!.jobConfig['execution.checkpointing.mode'], tasks[0]!.jobConfig['execution.checkpointing.dir']], ['EXACTLY_ONCE', dir]);
    await runAll(jm, tasks);
    assert.equal((await jm.requestJob()).checkpointStats, undefined, 'no statistics before a savepoint');
    const savepoint = jm.triggerSavepoint(join(dir, 'savepoints'), true);
    const trigger = await waitFor('the savepoint\'s trigger', () => te.triggers[0]);
    await acknowledge(jm, te, tasks, trigger);
    const location = await savepoint;
    assert.match(location, /savepoints\/savepoint-jjjjjj-[0-9a-f]{12}$/);
    const job = await jm.requestJob();
    assert.deepEqual([job.state, job.checkpointStats?.latestSavepoint?.externalPath], ['CANCELLING', location]);
  } finally {
    await jm.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('stop-with-savepoint: the sources are told to end after it, and it resolves with its directory once every task finished and the job is FINISHED; a failed one leaves the job RUNNING', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-jm-stop-'));
  const te = checkpointingTaskExecutor();
  const jm = jobMaster({ taskExecutor: te.gateway, restartStrategy: restarts(0), checkpointing: { ...checkpointEvery10Ms(dir), interval: 0 } });
  try {
    const tasks = await deploy(jm, te.submitted);
    await runAll(jm, tasks);
    await writeFile(join(dir, 'a-file'), '');
    await assert.rejects(jm.stopWithSavepoint(join(dir, 'a-file'), false), { code: 'CHECKPOINT_FAILED', message: /could not create its directory/ });
    assert.equal((await jm.requestJob()).state, 'RUNNING');
    const stop = jm.stopWithSavepoint(join(dir, 'savepoints'), true);
    const trigger = await waitFor('the stop\'s trigger', () => te.triggers.find((t) => t.checkpointId === 2));
    assert.equal(trigger.stop, 'TERMINATE');
    let settled = false;
    void stop.then(() => (settled = true), () => undefined);
    await acknowledge(jm, te, tasks, trigger);
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.equal(settled, false, 'the savepoint completed, but the job has not finished yet');
    for (const tdd of tasks) await report(jm, tdd, 'FINISHED');
    assert.match(await stop, /savepoints\/savepoint-jjjjjj-[0-9a-f]{12}$/);
    assert.equal((await jm.requestJob()).state, 'FINISHED');
  } finally {
    await jm.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a stop-with-savepoint whose job restarts after the savepoint completed fails with the cause (Flink\'s inconsistent execution state), and the job keeps running', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-jm-stop-restart-'));
  const te = checkpointingTaskExecutor();
  const jm = jobMaster({ taskExecutor: te.gateway, restartStrategy: restarts(1), checkpointing: { ...checkpointEvery10Ms(dir), interval: 0 } });
  try {
    const tasks = await deploy(jm, te.submitted);
    await runAll(jm, tasks);
    const stop = jm.stopWithSavepoint(join(dir, 'savepoints'), false);
    stop.catch(() => undefined);
    const trigger = await waitFor('the stop\'s trigger', () => te.triggers[0]);
    await acknowledge(jm, te, tasks, trigger);
    const next = await failAndRestart(jm, te, tasks);
    await assert.rejects(stop, { code: 'ILLEGAL_STATE', message: /Inconsistent execution state after stopping with savepoint: the job went RESTARTING instead of FINISHED\. A fail-over recovers the job from its latest checkpoint\. The savepoint .*savepoints\/savepoint-jjjjjj-[0-9a-f]{12} completed\./ });
    await runAll(jm, next);
    assert.equal((await jm.requestJob()).state, 'RUNNING');
  } finally {
    await jm.close();
    await rm(dir, { recursive: true, force: true });
  }
});

/**
 * Writes a savepoint of two subtasks into `dir`: vertex 'w' (another vertex id than the job's)
 * whose chain holds the job's source operator and `extra`, with one state file per subtask.
 */
async function savepointIn(dir: string, extra: { operatorId: string; uid?: string; name: string }[] = []): Promise<CheckpointMetadata> {
  const subtasks = await Promise.all([0, 1].map(async (i) => {
    const bytes = `savepoint state ${i}`;
    await writeFile(join(dir, `w-${i}`), bytes);
    return { vertexId: 'w', subtaskIndex: i, finished: false, state: { path: join(dir, `w-${i}`), size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } };
  }));
  const metadata: CheckpointMetadata = {
    version: 2, jobId: 'k'.repeat(32), checkpointId: 42, timestamp: 0, type: 'SAVEPOINT',
    vertices: [{ vertexId: 'w', name: 'Old chain', parallelism: 2, maxParallelism: 128, operators: [{ operatorId: 'o'.repeat(32), name: 'Source' }, ...extra] }],
    subtasks,
  };
  await writeMetadata(dir, metadata);
  return metadata;
}

test('a job started from a savepoint restores each subtask from the state of its operators (by operator id), also after a failure before its first checkpoint; then from its own checkpoints', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-jm-savepoint-'));
  const te = checkpointingTaskExecutor();
  const jm = jobMaster({ taskExecutor: te.gateway, restartStrategy: restarts(2), checkpointing: { ...checkpointEvery10Ms(join(dir, 'chk')), interval: 3_600_000 }, config: { 'execution.savepoint.path': join(dir, '_metadata') } });
  try {
    await savepointIn(dir);
    const first = await deploy(jm, te.submitted);
    const fromSavepoint = [0, 1].map((i) => ({ checkpointId: 42, keyGroups: keyGroupRangeForSubtask(128, 2, i), finished: false, states: [{ states: [{ path: join(dir, `w-${i}`), size: 17, sha256: createHash('sha256').update(`savepoint state ${i}`).digest('hex') }], vertexStates: [0, 1].map((j) => ({ path: join(dir, `w-${j}`), size: 17, sha256: createHash('sha256').update(`savepoint state ${j}`).digest('hex') })), holdsHead: true }] }));
    assert.deepEqual(first.map((tdd) => tdd.restore), fromSavepoint);
    const restoredStats = (await jm.requestJob()).checkpointStats?.latestRestored;
    assert.deepEqual([restoredStats?.id, restoredStats?.externalPath], [42, dir], 'the savepoint is the latest restore in the statistics');
    await runAll(jm, first);
    const second = await failAndRestart(jm, te, first);
    assert.deepEqual(second.map((tdd) => tdd.restore), fromSavepoint, 'no checkpoint of its own yet: the savepoint again');

    await runAll(jm, second);
    const checkpoint = jm.triggerCheckpoint('CONFIGURED');
    const trigger = await waitFor('a checkpoint trigger', () => te.triggers[0]);
    await acknowledge(jm, te, second, trigger);
    assert.equal(await checkpoint, trigger.checkpointId);
    const third = await report(jm, second[0]!, 'FAILED', new Error('boom')).then(async () => {
      await report(jm, second[1]!, 'CANCELED');
      return waitFor('the third round', () => (te.submitted.length === 6 ? te.submitted.slice(4) : undefined));
    });
    assert.deepEqual(third.map((tdd) => tdd.restore?.states.map((part) => part.states.map((h) => h.path))), [[[join(trigger.location, '0.state')]], [[join(trigger.location, '1.state')]]]);
  } finally {
    await jm.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('started from a savepoint in CLAIM mode, the job deletes it once its own checkpoints subsume it (num-retained 1); in NO_CLAIM mode it stays', async () => {
  for (const mode of ['CLAIM', 'NO_CLAIM']) {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-jm-claim-'));
    const savepoint = join(dir, 'savepoint');
    await mkdir(savepoint);
    await savepointIn(savepoint);
    const te = checkpointingTaskExecutor();
    const jm = jobMaster({ taskExecutor: te.gateway, checkpointing: { ...checkpointEvery10Ms(join(dir, 'chk')), interval: 3_600_000, numRetained: 1 }, config: { 'execution.savepoint.path': savepoint, 'execution.state-recovery.claim-mode': mode } });
    try {
      const tasks = await deploy(jm, te.submitted);
      await runAll(jm, tasks);
      // The second checkpoint deletes the first: by then the store has handled the first one.
      for (const n of [1, 2]) {
        const checkpoint = jm.triggerCheckpoint('CONFIGURED');
        await acknowledge(jm, te, tasks, await waitFor(`checkpoint ${n}'s trigger`, () => te.triggers.find((t) => t.checkpointId === n)));
        await checkpoint;
      }
      await waitFor('the first checkpoint to be subsumed', () => (existsSync(te.triggers[0]!.location) ? undefined : true));
      assert.equal(existsSync(savepoint), mode === 'NO_CLAIM', `${mode}: ${mode === 'CLAIM' ? 'deleted once subsumed' : 'never deleted'}`);
    } finally {
      await jm.close();
      await rm(dir, { recursive: true, force: true });
    }
  }
});

test('a savepoint with state of an operator the job does not have fails the job naming it, unless allowNonRestoredState', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-jm-savepoint-'));
  await savepointIn(dir, [{ operatorId: 'd'.repeat(32), uid: 'dropped-counter', name: 'Counter' }]);
  const refused = jobMaster({ config: { 'execution.savepoint.path': dir } });
  const allowed = recordingTaskExecutor();
  const lenient = jobMaster({ taskExecutor: allowed.gateway, checkpointing: { ...checkpointEvery10Ms(dir), interval: 0 }, config: { 'execution.savepoint.path': dir, 'execution.savepoint.ignore-unclaimed-state': 'true' } });
  try {
    refused.start();
    const failed = await refused.resultFuture;
    assert.equal(failed.state, 'FAILED');
    assert.match(failed.failureCause?.message ?? '', /Cannot restore the job from snapshot '.*': there is no operator for the state of operator 'Counter' \(uid 'dropped-counter', operator id d{32}\)/);
    const tasks = await deploy(lenient, allowed.submitted);
    assert.deepEqual(tasks.map((tdd) => tdd.restore?.states.length), [1, 1], 'the source operator\'s state is restored, the other dropped');
    assert.equal((await lenient.requestJob()).checkpointStats?.latestRestored?.id, 42, 'without periodic checkpoints too, the statistics show the restore');
  } finally {
    await Promise.all([refused.close(), lenient.close()]);
    await rm(dir, { recursive: true, force: true });
  }
});

const VERTEX = 'v'.repeat(32);
const bounds = (lowerBound: number, upperBound: number): JobResourceRequirements => ({ [VERTEX]: { parallelism: { lowerBound, upperBound } } });

/** A ResourceManager fake with `freeSlots` free slots that records the slot counts declared to it. */
function resourceManagerWith(freeSlots: number): { gateway: ResourceManagerGateway; declared: number[] } {
  const declared: number[] = [];
  const gateway = testingResourceManagerGateway()
    .set('requestResourceOverview', async () => ({ numberTaskManagers: 1, numberRegisteredSlots: 2 + freeSlots, numberFreeSlots: freeSlots }))
    .set('declareRequiredResources', async (_job, _jm, _id, slots) => void declared.push(slots))
    .build();
  return { gateway, declared };
}

/** Runs `body` against the running, deployed job of two subtasks that takes savepoints (into `dir`/savepoints) but no periodic checkpoints. */
async function withRunningSavepointJob(freeSlots: number, body: (jm: JobMaster, te: ReturnType<typeof checkpointingTaskExecutor>, tasks: TaskDeploymentDescriptor[], rm: ReturnType<typeof resourceManagerWith>, dir: string) => Promise<void>, savepointDirectory?: (dir: string) => string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-jm-rescale-'));
  const te = checkpointingTaskExecutor();
  const resourceManager = resourceManagerWith(freeSlots);
  const jm = jobMaster({ taskExecutor: te.gateway, resourceManager: resourceManager.gateway, checkpointing: { ...checkpointEvery10Ms(join(dir, 'chk')), interval: 0, savepointDirectory: savepointDirectory?.(dir) ?? join(dir, 'savepoints') } });
  try {
    const tasks = await deploy(jm, te.submitted);
    await runAll(jm, tasks);
    await body(jm, te, tasks, resourceManager, dir);
  } finally {
    await jm.close();
    await rm(dir, { recursive: true, force: true });
  }
}

test('resource requirements are validated as Flink does, and a job that cannot rescale now is refused', async () => {
  const plain = jobMaster();
  try {
    await assert.rejects(plain.updateJobResourceRequirements({ ...bounds(1, 2), ['x'.repeat(32)]: { parallelism: { lowerBound: 1, upperBound: 1 } } }), { code: 'BAD_REQUEST', message: /Job vertex \[x{32}\] was not found in the JobGraph\./ });
    await assert.rejects(plain.updateJobResourceRequirements({}), { code: 'BAD_REQUEST', message: /The request is incomplete, missing job vertex \[v{32}\] resource requirements\./ });
    await assert.rejects(plain.updateJobResourceRequirements(bounds(0, 2)), { code: 'BAD_REQUEST', message: /must be greater than zero/ });
    await assert.rejects(plain.updateJobResourceRequirements(bounds(3, 2)), { code: 'BAD_REQUEST', message: /The requested lower bound \[3\] for job vertex \[v{32}\] is higher than the upper bound \[2\]\./ });
    await assert.rejects(plain.updateJobResourceRequirements(bounds(1, 129)), { code: 'BAD_REQUEST', message: /The newly requested parallelism 129 for the job vertex v{32} exceeds its maximum parallelism 128\./ });
    await assert.rejects(plain.updateJobResourceRequirements(bounds(1, 3)), { code: 'RESCALE_REFUSED', message: /it is INITIALIZING, and only a RUNNING job rescales/ });
    const te = recordingTaskExecutor();
    const noSavepoints = jobMaster({ taskExecutor: te.gateway });
    try {
      await deploy(noSavepoints, te.submitted);
      await assert.rejects(noSavepoints.updateJobResourceRequirements(bounds(1, 3)), { code: 'RESCALE_REFUSED', message: /cannot take savepoints/ });
      // The same requirements as now change nothing, whatever the job can do.
      await noSavepoints.updateJobResourceRequirements(bounds(2, 2));
      assert.equal((await noSavepoints.requestJob()).rescales, undefined);
    } finally {
      await noSavepoints.close();
    }
  } finally {
    await plain.close();
  }
});

test('a rescale: a SUSPEND savepoint, RESTARTING while the tasks end, then the job runs at the upper bound restoring it, recorded COMPLETED; a second request meanwhile is refused; checkpoint ids go on', () =>
  withRunningSavepointJob(1, async (jm, te, tasks, rm) => {
    await jm.updateJobResourceRequirements(bounds(1, 3));
    const trigger = await waitFor('the rescale\'s savepoint trigger', () => te.triggers[0]);
    assert.equal(trigger.stop, 'SUSPEND');
    await assert.rejects(jm.updateJobResourceRequirements(bounds(1, 4)), { code: 'RESCALE_REFUSED', message: /rescale [0-9a-f-]{36} is in progress; try again once it ended/ });
    for (const tdd of tasks) await jm.acknowledgeCheckpoint(tdd.executionAttemptId, { checkpointId: trigger.checkpointId, metrics: { startDelayMs: 0, alignmentDurationMs: 0, syncDurationMs: 0, asyncDurationMs: 0, stateSize: 0, processedData: 0 } });
    await waitFor('the job to restart for the rescale', () => (jm.jobStatus === 'RESTARTING' ? true : undefined));
    assert.equal((await jm.requestJob()).vertices[0]!.parallelism, 2, 'the old round still ends');
    for (const tdd of tasks) await report(jm, tdd, 'FINISHED');
    await waitFor('3 slots declared', () => (rm.declared.includes(3) ? true : undefined));
    await jm.offerSlots(TM, TASK_EXECUTOR, DATA_ADDRESS, offers(1, 2));
    const rescaled = await waitFor('3 rescaled tasks', () => (te.submitted.length === 5 ? te.submitted.slice(2) : undefined));
    assert.deepEqual(rescaled.map((tdd) => [tdd.subtaskIndex, tdd.restore?.checkpointId, tdd.jobConfig['pipeline.jobvertex-parallelism-overrides']]), [0, 1, 2].map((i) => [i, trigger.checkpointId, `${VERTEX}:3`]));
    const job = await jm.requestJob();
    assert.deepEqual([job.state, job.vertices[0]!.parallelism, job.vertices[0]!.subtasks.length, job.checkpointStats?.latestRestored?.id], ['RUNNING', 3, 3, trigger.checkpointId]);
    const [rescale] = job.rescales!;
    assert.deepEqual([rescale!.terminalState, rescale!.terminatedReason, rescale!.triggerCause, rescale!.rescaleAttemptId], ['COMPLETED', 'SUCCEEDED', 'UPDATE_REQUIREMENT', 1]);
    assert.deepEqual(rescale!.vertices[VERTEX], { jobVertexId: VERTEX, jobVertexName: 'Source', requiredParallelisms: { minParallelism: 1, parallelism: 3, maxParallelism: 128 }, preRescaleParallelism: 2, desiredParallelism: 3, sufficientParallelism: 1, postRescaleParallelism: 3 });
    assert.deepEqual(rescale!.schedulerStates.map((s) => [s.state, s.leaveTimestampInMillis !== undefined]), [['StopWithSavepoint', true], ['Restarting', true], ['WaitingForResources', true]]);
    await runAll(jm, rescaled);
    jm.triggerSavepoint(undefined, false).catch(() => undefined);
    const next = await waitFor('the next savepoint\'s trigger', () => te.triggers.find((t) => t.checkpointId !== trigger.checkpointId));
    assert.equal(next.checkpointId, trigger.checkpointId + 1);
  }));

test('a rescale whose savepoint fails leaves the job running at its parallelism, recorded FAILED with the cause', () =>
  withRunningSavepointJob(2, async (jm, te, tasks, _rm, dir) => {
    await writeFile(join(dir, 'savepoints-file'), '');
    await jm.updateJobResourceRequirements(bounds(3, 3));
    const failed = await waitFor('the rescale to fail', async () => (await jm.requestJob()).rescales?.find((r) => r.terminalState === 'FAILED'));
    assert.equal(failed.terminatedReason, 'EXCEPTION_OCCURRED');
    assert.match(failed.schedulerStates.at(-1)!.stringifiedException ?? '', /could not create its directory/);
    assert.equal(failed.vertices[VERTEX]!.postRescaleParallelism, 2);
    const job = await jm.requestJob();
    assert.deepEqual([job.state, job.vertices[0]!.parallelism, job.vertices[0]!.subtasks.map((s) => s.state)], ['RUNNING', 2, ['RUNNING', 'RUNNING']]);
    assert.equal(te.submitted.length, tasks.length, 'nothing redeployed');
    // The job can rescale again afterwards: the next request is taken.
    await jm.updateJobResourceRequirements(bounds(3, 3));
    assert.equal((await jm.requestJob()).rescales!.length, 2);
  }, (dir) => join(dir, 'savepoints-file')));

test('a rescale the cluster has too few slots for, or that changes no parallelism, is recorded IGNORED and changes nothing', () =>
  withRunningSavepointJob(0, async (jm, te) => {
    await jm.updateJobResourceRequirements(bounds(3, 4));
    await jm.updateJobResourceRequirements(bounds(1, 5));
    const job = await jm.requestJob();
    assert.deepEqual(job.rescales!.map((r) => [r.terminalState, r.terminatedReason]), [['IGNORED', 'NO_RESOURCES_OR_PARALLELISMS_CHANGE'], ['IGNORED', 'NO_RESOURCES_OR_PARALLELISMS_CHANGE']]);
    assert.deepEqual([job.state, job.vertices[0]!.parallelism, te.triggers.length], ['RUNNING', 2, 0]);
  }));

test('a job cancelled while its rescale\'s savepoint runs ends CANCELED, and the rescale is IGNORED as JOB_CANCELED', () =>
  withRunningSavepointJob(1, async (jm, te, tasks) => {
    await jm.updateJobResourceRequirements(bounds(3, 3));
    await waitFor('the rescale\'s savepoint trigger', () => te.triggers[0]);
    await jm.cancel();
    for (const tdd of tasks) await report(jm, tdd, 'CANCELED');
    const ended = await jm.resultFuture;
    assert.equal(ended.state, 'CANCELED');
    assert.deepEqual(ended.rescales!.map((r) => [r.terminalState, r.terminatedReason, r.vertices[VERTEX]!.postRescaleParallelism]), [['IGNORED', 'JOB_CANCELED', 2]]);
  }));
