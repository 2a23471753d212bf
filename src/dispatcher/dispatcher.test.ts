/**
 * The Dispatcher against JobMaster fakes (no processes, no sockets): one runner per submitted job,
 * queries and cancel answered by its JobMaster while it runs, by the archive once it has ended.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { silentLogger } from '../common/log.js';
import { StandaloneJobGraphStore } from '../ha/standalone-job-graph-store.js';
import type { JobOperationKey, OperationResult } from '../protocol/checkpoint-triggers.js';
import type { ArchivedExecutionGraph } from '../protocol/execution-graph-info.js';
import type { JobManagerRunner, JobMasterGateway } from '../protocol/gateways.js';
import type { JobGraph } from '../protocol/job-graph.js';
import type { JobStatus } from '../protocol/states.js';
import { testingJobMasterGateway } from '../protocol/test-job-master-gateway.js';
import { testingResourceManagerGateway } from '../protocol/test-resource-manager-gateway.js';
import { Dispatcher } from './dispatcher.js';

const JOB = 'j'.repeat(32);
const BLOB = 'b'.repeat(64);

function jobGraph(): JobGraph {
  return { jobId: JOB, jobName: 'test', jobType: 'STREAMING', vertices: [], program: { blobKey: BLOB }, config: {} } as unknown as JobGraph;
}

function graphIn(state: JobStatus): ArchivedExecutionGraph {
  return { jobId: JOB, jobName: 'test', jobType: 'STREAMING', state, stateTimestamps: { INITIALIZING: 1, [state]: 2 }, lastModification: 2, vertices: [], exceptionHistory: [] } as unknown as ArchivedExecutionGraph;
}

/** A runner around a JobMaster fake; `end` completes its job. */
interface FakeRunner extends JobManagerRunner {
  started: boolean;
  closed: boolean;
  end(state: JobStatus): void;
}

function fakeRunner(jobMasterGateway: JobMasterGateway): FakeRunner {
  let resolve!: (g: ArchivedExecutionGraph) => void;
  const runner: FakeRunner = {
    jobId: JOB,
    jobMasterGateway,
    resultFuture: new Promise((r) => (resolve = r)),
    started: false,
    closed: false,
    start: () => void (runner.started = true),
    close: async () => void (runner.closed = true),
    end: (state) => resolve(graphIn(state)),
  };
  return runner;
}

function dispatcher(runners: FakeRunner[], blobs: string[] = [], disposeSavepoint: (path: string) => Promise<void> = async () => undefined): Dispatcher {
  const jobMaster = (): JobMasterGateway => testingJobMasterGateway().set('requestJob', async () => graphIn('RUNNING')).build();
  return new Dispatcher({
    resourceManager: testingResourceManagerGateway().build(),
    runnerFactory: {
      createJobManagerRunner: () => {
        const runner = fakeRunner(jobMaster());
        runners.push(runner);
        return runner;
      },
    },
    jobGraphStore: new StandaloneJobGraphStore(),
    archiveExpirationMs: 60_000,
    operationStoreDurationMs: 60_000,
    disposeSavepoint,
    blobStore: { retain: (key) => void blobs.push(`retain ${key}`), release: (key) => void blobs.push(`release ${key}`) },
    log: silentLogger(),
  });
}

test('a submitted job runs on a JobMaster of its own, which answers for it while it runs', async () => {
  const runners: FakeRunner[] = [];
  const d = dispatcher(runners);
  await d.submitJob(jobGraph());
  assert.equal(runners.length, 1);
  assert.equal(runners[0]!.started, true);
  assert.equal(await d.requestJobStatus(JOB), 'RUNNING');
  let cancelled = false;
  runners[0]!.jobMasterGateway.cancel = async () => void (cancelled = true);
  await d.cancelJob(JOB);
  assert.equal(cancelled, true);
  await assert.rejects(d.submitJob(jobGraph()), { code: ErrorCode.DUPLICATE_JOB, message: /already running/ });
  assert.equal(runners.length, 1, 'no second JobMaster');
});

test('an ended job is archived: its JobMaster is closed, its package released, and its id stays taken', async () => {
  const runners: FakeRunner[] = [];
  const blobs: string[] = [];
  const d = dispatcher(runners, blobs);
  await d.submitJob(jobGraph());
  runners[0]!.end('FINISHED');
  assert.equal((await d.requestJobResult(JOB)).state, 'FINISHED');
  await d.close();
  assert.equal(runners[0]!.closed, true);
  assert.deepEqual(blobs, [`retain ${BLOB}`, `release ${BLOB}`]);
  assert.equal(await d.requestJobStatus(JOB), 'FINISHED');
  await assert.rejects(d.cancelJob(JOB), { code: ErrorCode.ILLEGAL_STATE, message: /terminal state FINISHED/ });
  await assert.rejects(d.submitJob(jobGraph()), { code: ErrorCode.DUPLICATE_JOB, message: /already finished \(FINISHED\)/ });
  assert.equal((await d.requestClusterOverview()).numJobsFinished, 1);
});

test('queries about an unknown job reject with JOB_NOT_FOUND', async () => {
  const d = dispatcher([]);
  await assert.rejects(d.requestJob(JOB), { code: ErrorCode.JOB_NOT_FOUND });
  await assert.rejects(d.cancelJob(JOB), { code: ErrorCode.JOB_NOT_FOUND });
  await assert.rejects(d.fetchCollectResults(JOB, 'op', 0), { code: ErrorCode.JOB_NOT_FOUND });
});

/** Resolves once the manual checkpoint under `key` is no longer in progress. */
function settled(d: Dispatcher, key: JobOperationKey): Promise<OperationResult<number>> {
  return settledOperation(() => d.getTriggeredCheckpointStatus(key));
}

/** Resolves once the operation whose status `status` gives is no longer in progress. */
async function settledOperation<R>(status: () => Promise<OperationResult<R>>): Promise<OperationResult<R>> {
  for (;;) {
    const result = await status();
    if (result.status !== 'IN_PROGRESS') return result;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test('a manual checkpoint goes to the job\'s JobMaster; its id is kept under the trigger id, and the same trigger id starts nothing more', async () => {
  const runners: FakeRunner[] = [];
  const d = dispatcher(runners);
  await d.submitJob(jobGraph());
  const types: string[] = [];
  let complete!: (id: number) => void;
  runners[0]!.jobMasterGateway.triggerCheckpoint = (type) => {
    types.push(type);
    return new Promise((resolve) => (complete = resolve));
  };
  const key = { jobId: JOB, triggerId: 't'.repeat(32) };
  await d.triggerCheckpoint(key, 'FULL');
  assert.deepEqual(await d.getTriggeredCheckpointStatus(key), { status: 'IN_PROGRESS' });
  await d.triggerCheckpoint(key, 'FULL');
  complete(4);
  assert.deepEqual(await settled(d, key), { status: 'SUCCESS', result: 4 });
  await d.triggerCheckpoint(key, 'CONFIGURED');
  assert.deepEqual(types, ['FULL'], 'one checkpoint for one trigger id');
  await assert.rejects(d.getTriggeredCheckpointStatus({ jobId: JOB, triggerId: 'u'.repeat(32) }), { code: ErrorCode.NOT_FOUND, message: /There is no checkpoint operation with triggerId=u{32} for job j{32}\./ });
});

test('a manual checkpoint of an unknown or ended job, or one its JobMaster refuses, is a failed operation', async () => {
  const runners: FakeRunner[] = [];
  const d = dispatcher(runners);
  const unknown = { jobId: JOB, triggerId: '1'.repeat(32) };
  await d.triggerCheckpoint(unknown, 'CONFIGURED');
  const failed = await settled(d, unknown);
  assert.equal(failed.status === 'FAILURE' && failed.error.code, ErrorCode.JOB_NOT_FOUND);

  await d.submitJob(jobGraph());
  runners[0]!.jobMasterGateway.triggerCheckpoint = async () => {
    throw new SluiceError(ErrorCode.CHECKPOINT_FAILED, 'Checkpoint 2 expired before completing.');
  };
  const expired = { jobId: JOB, triggerId: '2'.repeat(32) };
  await d.triggerCheckpoint(expired, 'CONFIGURED');
  const result = await settled(d, expired);
  assert.equal(result.status === 'FAILURE' && result.error.message, 'Checkpoint 2 expired before completing.');

  runners[0]!.end('FINISHED');
  await d.requestJobResult(JOB);
  const ended = { jobId: JOB, triggerId: '3'.repeat(32) };
  await d.triggerCheckpoint(ended, 'CONFIGURED');
  const late = await settled(d, ended);
  assert.match(late.status === 'FAILURE' ? late.error.message : '', /already reached the terminal state FINISHED and cannot be checkpointed/);
});

test('a savepoint goes to the job\'s JobMaster with its target and cancel-job; its location is kept under the trigger id; an ended job cannot take one', async () => {
  const runners: FakeRunner[] = [];
  const d = dispatcher(runners);
  await d.submitJob(jobGraph());
  const calls: [string | undefined, boolean][] = [];
  runners[0]!.jobMasterGateway.triggerSavepoint = async (target, cancelJob) => {
    calls.push([target, cancelJob]);
    return '/sp/savepoint-jjjjjj-0123456789ab';
  };
  const key = { jobId: JOB, triggerId: 's'.repeat(32) };
  await d.triggerSavepoint(key, '/sp', true);
  await d.triggerSavepoint(key, '/other', false);
  assert.deepEqual(await settledOperation(() => d.getTriggeredSavepointStatus(key)), { status: 'SUCCESS', result: '/sp/savepoint-jjjjjj-0123456789ab' });
  assert.deepEqual(calls, [['/sp', true]], 'one savepoint for one trigger id');
  await assert.rejects(d.getTriggeredSavepointStatus({ jobId: JOB, triggerId: 'u'.repeat(32) }), { code: ErrorCode.NOT_FOUND, message: /There is no savepoint operation/ });

  runners[0]!.end('FINISHED');
  await d.requestJobResult(JOB);
  const ended = { jobId: JOB, triggerId: '3'.repeat(32) };
  await d.triggerSavepoint(ended, undefined, false);
  const late = await settledOperation(() => d.getTriggeredSavepointStatus(ended));
  assert.match(late.status === 'FAILURE' ? late.error.message : '', /already reached the terminal state FINISHED and cannot take a savepoint/);
});

test('a stop-with-savepoint goes to the job\'s JobMaster with its target and drain, under the savepoints\' trigger ids; an ended job cannot be stopped', async () => {
  const runners: FakeRunner[] = [];
  const d = dispatcher(runners);
  await d.submitJob(jobGraph());
  const calls: [string | undefined, boolean][] = [];
  runners[0]!.jobMasterGateway.stopWithSavepoint = async (target, drain) => {
    calls.push([target, drain]);
    return '/sp/savepoint-jjjjjj-0123456789ab';
  };
  const key = { jobId: JOB, triggerId: 't'.repeat(32) };
  await d.stopWithSavepoint(key, '/sp', true);
  await d.triggerSavepoint(key, '/other', false);
  assert.deepEqual(await settledOperation(() => d.getTriggeredSavepointStatus(key)), { status: 'SUCCESS', result: '/sp/savepoint-jjjjjj-0123456789ab' });
  assert.deepEqual(calls, [['/sp', true]], 'a savepoint under the same trigger id names the same operation');

  runners[0]!.end('FINISHED');
  await d.requestJobResult(JOB);
  const ended = { jobId: JOB, triggerId: '4'.repeat(32) };
  await d.stopWithSavepoint(ended, undefined, false);
  const late = await settledOperation(() => d.getTriggeredSavepointStatus(ended));
  assert.match(late.status === 'FAILURE' ? late.error.message : '', /already reached the terminal state FINISHED and cannot stop with a savepoint/);
});

test('new resource requirements go to the job\'s JobMaster; an ended job cannot be rescaled, an unknown one is not found', async () => {
  const runners: FakeRunner[] = [];
  const d = dispatcher(runners);
  await d.submitJob(jobGraph());
  const requirements = { ['v'.repeat(32)]: { parallelism: { lowerBound: 1, upperBound: 3 } } };
  const received: unknown[] = [];
  runners[0]!.jobMasterGateway.updateJobResourceRequirements = async (r) => void received.push(r);
  await d.updateJobResourceRequirements(JOB, requirements);
  assert.deepEqual(received, [requirements]);
  runners[0]!.end('FINISHED');
  await d.requestJobResult(JOB);
  await assert.rejects(d.updateJobResourceRequirements(JOB, requirements), { code: ErrorCode.RESCALE_REFUSED, message: /already reached the terminal state FINISHED and cannot be rescaled/ });
  await assert.rejects(d.updateJobResourceRequirements('f'.repeat(32), requirements), { code: ErrorCode.JOB_NOT_FOUND });
});

test('a savepoint disposal runs the storage\'s disposal under its trigger id, keeping why it was refused', async () => {
  const disposed: string[] = [];
  const d = dispatcher([], [], async (path) => {
    disposed.push(path);
    if (path === '/not-a-savepoint') throw new SluiceError(ErrorCode.SAVEPOINT_DISPOSAL_REFUSED, '/not-a-savepoint is not a savepoint');
  });
  const ok = { triggerId: 'a'.repeat(32) };
  await d.disposeSavepoint(ok, '/sp/savepoint-1');
  assert.deepEqual(await settledOperation(() => d.getSavepointDisposalStatus(ok)), { status: 'SUCCESS', result: null });
  const refused = { triggerId: 'b'.repeat(32) };
  await d.disposeSavepoint(refused, '/not-a-savepoint');
  const result = await settledOperation(() => d.getSavepointDisposalStatus(refused));
  assert.equal(result.status === 'FAILURE' && result.error.code, ErrorCode.SAVEPOINT_DISPOSAL_REFUSED);
  assert.deepEqual(disposed, ['/sp/savepoint-1', '/not-a-savepoint']);
  await assert.rejects(d.getSavepointDisposalStatus({ triggerId: 'c'.repeat(32) }), { code: ErrorCode.NOT_FOUND, message: 'There is no savepoint disposal operation with triggerId=' + 'c'.repeat(32) + '.' });
});
