/**
 * The TaskExecutor's routing of checkpoint calls, with a real worker thread: a trigger for an
 * attempt whose worker does not run it is declined by the worker and the decline reaches the
 * JobMaster; once the attempt ended, the TaskExecutor declines itself; an attempt it never ran is
 * an error; notifications for attempts that are not running are ignored.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { ErrorCode } from '../common/errors.js';
import type { SubtaskCheckpointDecline } from '../protocol/checkpoints.js';
import type { TaskDeploymentDescriptor } from '../protocol/deployment.js';
import { EndpointIds } from '../protocol/gateways.js';
import type { ExecutionState } from '../protocol/states.js';
import { testingJobMasterGateway } from '../protocol/test-job-master-gateway.js';
import { testingResourceManagerGateway } from '../protocol/test-resource-manager-gateway.js';
import { waitFor } from '../../tests/helpers/processes.js';
import type { BlobCache } from './blob-cache.js';
import { testTaskExecutor } from './test-task-executor.js';
import { TaskWorker } from './task-worker.js';
import type { FromWorker } from './worker-messages.js';

const JOB = 'j'.repeat(32);
const ATTEMPT = 'e'.repeat(32);
const TRIGGER = { checkpointId: 4, timestamp: 0, location: '/unused' };

function tdd(): TaskDeploymentDescriptor {
  return {
    jobId: JOB, jobName: 'job', executionAttemptId: ATTEMPT, allocationId: 'alloc-1', vertexId: 'v', taskName: 'Source', subtaskIndex: 0,
    attemptNumber: 0, parallelism: 1, maxParallelism: 128, fingerprint: 'f', program: { blobKey: 'k', packageName: 'p', args: [] },
    jobConfig: {}, inputs: [], outputs: [],
  };
}

test('the worker declines a trigger for an attempt it does not run', async () => {
  const { port1, port2 } = new MessageChannel();
  const worker = new TaskWorker(port1);
  const reported = once(port2, 'message') as Promise<[FromWorker]>;
  worker.handle({ t: 'triggerCheckpoint', executionAttemptId: ATTEMPT, trigger: TRIGGER });
  const [msg] = await reported;
  assert.equal(msg.t, 'checkpointDecline');
  const { decline } = msg as { decline: SubtaskCheckpointDecline };
  assert.deepEqual([decline.checkpointId, decline.reason.code], [4, ErrorCode.CHECKPOINT_DECLINED]);
  assert.match(decline.reason.message, new RegExp(`task attempt ${ATTEMPT}, which is not running in this worker`));
  port1.close();
});

test('triggers reach the attempt\'s worker while it is deployed, and are declined by the TaskExecutor once it ended', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-te-ckpt-'));
  const declines: SubtaskCheckpointDecline[] = [];
  const states: ExecutionState[] = [];
  const jobMaster = testingJobMasterGateway()
    .set('declineCheckpoint', async (_attempt, decline) => void declines.push(decline))
    .set('updateTaskExecutionState', async (update) => void states.push(update.state))
    .build();
  const te = testTaskExecutor(jobMaster, testingResourceManagerGateway().build(), {
    // The package does not exist: the worker fails the task while it is still loading it.
    blobCache: { getFile: async () => join(dir, 'missing.jar') } as unknown as BlobCache,
    packageCacheDir: dir,
    localStateDir: dir,
  });
  try {
    await te.requestSlot(0, JOB, 'alloc-1', { address: { host: '127.0.0.1', port: 3 }, endpointId: EndpointIds.jobMaster(JOB) }, 'jm', 'rm');
    await te.submitTask(tdd());
    // Posted behind the deployment, so the worker knows the attempt but does not run it yet.
    await te.triggerCheckpoint(ATTEMPT, TRIGGER);
    await waitFor('the worker\'s decline', () => declines[0]);
    assert.match(declines[0]!.reason.message, /not running in this worker/);
    await waitFor('the attempt to fail', () => (states.includes('FAILED') ? true : undefined));

    await te.triggerCheckpoint(ATTEMPT, { ...TRIGGER, checkpointId: 5 });
    assert.equal(declines.length, 2);
    assert.deepEqual([declines[1]!.checkpointId, declines[1]!.reason.code], [5, ErrorCode.CHECKPOINT_DECLINED]);
    assert.match(declines[1]!.reason.message, /not running on TaskManager tm/);

    await assert.rejects(te.triggerCheckpoint('u'.repeat(32), TRIGGER), { code: ErrorCode.CHECKPOINT_DECLINED });
    await te.notifyCheckpointComplete(ATTEMPT, 5);
    await te.notifyCheckpointAborted('u'.repeat(32), 5);
  } finally {
    await te.shutdown();
    await rm(dir, { recursive: true, force: true });
  }
});
