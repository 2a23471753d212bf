/**
 * The TaskExecutor's slot protocol against JobMaster and ResourceManager fakes, without worker
 * threads (none start before a task is deployed, or once the TaskExecutor is shut down).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode } from '../common/errors.js';
import type { SlotOffer } from '../protocol/deployment.js';
import { EndpointIds, type JobMasterGateway, type RpcEndpointAddress } from '../protocol/gateways.js';
import { testingJobMasterGateway } from '../protocol/test-job-master-gateway.js';
import { testingResourceManagerGateway } from '../protocol/test-resource-manager-gateway.js';
import { waitFor } from '../../tests/helpers/processes.js';
import type { TaskExecutor } from './task-executor.js';
import { testTaskExecutor } from './test-task-executor.js';

const TM = 'a'.repeat(32);
const JOB = 'j'.repeat(32);
const JOB_MASTER: RpcEndpointAddress = { address: { host: '127.0.0.1', port: 3 }, endpointId: EndpointIds.jobMaster(JOB) };

interface Offer {
  taskManagerId: string;
  taskExecutor: RpcEndpointAddress;
  offers: SlotOffer[];
}

function taskExecutor(jobMaster: JobMasterGateway, released: string[] = []): TaskExecutor {
  const resourceManager = testingResourceManagerGateway().set('notifySlotReleased', async (_tm, allocationId) => void released.push(allocationId)).build();
  return testTaskExecutor(jobMaster, resourceManager, { resourceId: TM });
}

test('a slot the ResourceManager assigns is offered to the JobMaster, and kept once accepted', async () => {
  const offered: Offer[] = [];
  const jobMaster = testingJobMasterGateway()
    .set('offerSlots', async (taskManagerId, taskExecutor, _data, offers) => {
      offered.push({ taskManagerId, taskExecutor, offers });
      return offers;
    })
    .build();
  const te = taskExecutor(jobMaster);
  await te.requestSlot(1, JOB, 'alloc-1', JOB_MASTER, 'jm-token', 'rm');
  await waitFor('the slot offer', () => (offered.length > 0 ? true : undefined));
  assert.deepEqual(offered, [{ taskManagerId: TM, taskExecutor: { address: { host: '127.0.0.1', port: 1 }, endpointId: EndpointIds.TASK_EXECUTOR }, offers: [{ allocationId: 'alloc-1', slotIndex: 1 }] }]);
  assert.deepEqual(te.slotReport()[1], { slotIndex: 1, allocationId: 'alloc-1', jobId: JOB, assignedTasks: 0 });
  assert.deepEqual(await te.heartbeatFromJobManager(JOB), ['alloc-1']);
  // The same request again (a retry) is answered, not refused; another allocation of the slot is.
  await te.requestSlot(1, JOB, 'alloc-1', JOB_MASTER, 'jm-token', 'rm');
  await assert.rejects(te.requestSlot(1, JOB, 'alloc-2', JOB_MASTER, 'jm-token', 'rm'), { code: ErrorCode.SLOT_ALLOCATION_FAILED });
});

test('a slot request from another ResourceManager is refused', async () => {
  const te = taskExecutor(testingJobMasterGateway().build());
  await assert.rejects(te.requestSlot(0, JOB, 'alloc-1', JOB_MASTER, 'jm-token', 'other-rm'), { code: ErrorCode.FENCING_TOKEN_MISMATCH });
  assert.equal(te.slotReport()[0]!.allocationId, undefined);
});

test('a slot the JobMaster declines is freed, and the ResourceManager is told', async () => {
  let answer!: (accepted: SlotOffer[]) => void;
  const jobMaster = testingJobMasterGateway().set('offerSlots', () => new Promise((resolve) => (answer = resolve))).build();
  const released: string[] = [];
  const te = taskExecutor(jobMaster, released);
  await te.requestSlot(0, JOB, 'alloc-1', JOB_MASTER, 'jm-token', 'rm');
  await waitFor('the slot offer', () => answer);
  // Shut down first, so freeing the slot starts no spare worker thread.
  await te.shutdown();
  answer([]);
  await waitFor('the slot to be released', () => (released.length > 0 ? true : undefined));
  assert.deepEqual(released, ['alloc-1']);
  assert.equal(te.slotReport()[0]!.allocationId, undefined);
});
