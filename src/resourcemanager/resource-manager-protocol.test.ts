/**
 * The ResourceManager's slot protocol against TaskExecutor fakes (no processes, no sockets):
 * serving declared requirements, releasing slots, failed slot requests, silent TaskManagers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { silentLogger } from '../common/log.js';
import { EndpointIds, type RpcEndpointAddress, type TaskExecutorGateway } from '../protocol/gateways.js';
import { testingTaskExecutorGateway } from '../protocol/test-task-executor-gateway.js';
import { waitFor } from '../../tests/helpers/processes.js';
import { ResourceManager } from './resource-manager.js';

const TM = 'a'.repeat(32);
const JOB_A = 'j'.repeat(32);
const JOB_B = 'k'.repeat(32);
const JOB_MASTER: RpcEndpointAddress = { address: { host: '127.0.0.1', port: 3 }, endpointId: EndpointIds.jobMaster(JOB_A) };

interface SlotRequest {
  slotIndex: number;
  jobId: string;
  allocationId: string;
  jobMaster: RpcEndpointAddress;
  jobMasterId: string;
  resourceManagerId: string;
}

/** A ResourceManager with one registered TaskExecutor fake of `slots` slots, recording its slot requests. */
async function withTaskExecutor(slots: number, requestSlot?: TaskExecutorGateway['requestSlot'], heartbeatTimeoutMs = 60_000): Promise<{ rm: ResourceManager; requests: SlotRequest[] }> {
  const requests: SlotRequest[] = [];
  const taskExecutor = testingTaskExecutorGateway()
    .set('requestSlot', async (slotIndex, jobId, allocationId, jobMaster, jobMasterId, resourceManagerId) => {
      requests.push({ slotIndex, jobId, allocationId, jobMaster, jobMasterId, resourceManagerId });
      await requestSlot?.(slotIndex, jobId, allocationId, jobMaster, jobMasterId, resourceManagerId);
    })
    .build();
  const rm = new ResourceManager({ resourceManagerId: 'rm', evenlySpreadOutSlots: false, heartbeatTimeoutMs, gateways: <G extends object>() => taskExecutor as G, log: silentLogger() });
  await rm.registerTaskExecutor({ resourceId: TM, rpcAddress: { host: '127.0.0.1', port: 1 }, dataAddress: { host: '127.0.0.1', port: 2 }, dataPort: 2, numberOfSlots: slots, hardware: { cpuCores: 1, physicalMemory: 0, freeMemory: 0, managedMemory: 0 } });
  return { rm, requests };
}

test('a declared requirement is served from free slots: the TaskExecutor is asked to offer each to the JobMaster', async () => {
  const { rm, requests } = await withTaskExecutor(3);
  await rm.declareRequiredResources(JOB_A, JOB_MASTER, 'jm-token', 2);
  assert.deepEqual(requests.map((r) => ({ ...r, allocationId: typeof r.allocationId })), [0, 1].map((slotIndex) => ({ slotIndex, jobId: JOB_A, allocationId: 'string', jobMaster: JOB_MASTER, jobMasterId: 'jm-token', resourceManagerId: 'rm' })));
  assert.notEqual(requests[0]!.allocationId, requests[1]!.allocationId);
  assert.equal((await rm.requestResourceOverview()).numberFreeSlots, 1);
  // Declaring the same need again asks for nothing more.
  await rm.declareRequiredResources(JOB_A, JOB_MASTER, 'jm-token', 2);
  assert.equal(requests.length, 2);
});

test('a released slot is free again and serves the job that waits for one', async () => {
  const { rm, requests } = await withTaskExecutor(1);
  await rm.declareRequiredResources(JOB_A, JOB_MASTER, 'a-token', 1);
  await rm.declareRequiredResources(JOB_B, JOB_MASTER, 'b-token', 1);
  assert.deepEqual(requests.map((r) => r.jobId), [JOB_A], 'no free slot for the second job');
  // The first job ends: it needs no slots, and gives its slot back.
  await rm.declareRequiredResources(JOB_A, JOB_MASTER, 'a-token', 0);
  await rm.notifySlotReleased(TM, requests[0]!.allocationId);
  assert.deepEqual(requests.map((r) => r.jobId), [JOB_A, JOB_B]);
  assert.equal(requests[1]!.jobMasterId, 'b-token');
  assert.equal((await rm.requestResourceOverview()).numberFreeSlots, 0);
});

test('a job that needs no slots any more is not served when one frees up', async () => {
  const { rm, requests } = await withTaskExecutor(1);
  await rm.declareRequiredResources(JOB_A, JOB_MASTER, 'a-token', 1);
  await rm.declareRequiredResources(JOB_B, JOB_MASTER, 'b-token', 1);
  await rm.declareRequiredResources(JOB_B, JOB_MASTER, 'b-token', 0);
  await rm.declareRequiredResources(JOB_A, JOB_MASTER, 'a-token', 0);
  await rm.notifySlotReleased(TM, requests[0]!.allocationId);
  assert.deepEqual(requests.map((r) => r.jobId), [JOB_A]);
  assert.equal((await rm.requestResourceOverview()).numberFreeSlots, 1);
});

test('a slot request the TaskExecutor rejects frees the slot, and the requirement is served again', async () => {
  let rejections = 1;
  const { rm, requests } = await withTaskExecutor(1, async () => {
    if (rejections-- > 0) throw new SluiceError(ErrorCode.FENCING_TOKEN_MISMATCH, 'registered with another ResourceManager');
  });
  await rm.declareRequiredResources(JOB_A, JOB_MASTER, 'a-token', 1);
  const [first, second] = await waitFor('a second slot request', () => (requests.length >= 2 ? requests : undefined));
  assert.equal(second!.slotIndex, first!.slotIndex);
  assert.notEqual(second!.allocationId, first!.allocationId, 'a new allocation');
  assert.equal(requests.length, 2);
});

test('a TaskManager that stops sending heartbeats is unregistered, with its slots', async () => {
  const { rm } = await withTaskExecutor(2, undefined, 200);
  try {
    assert.equal((await rm.requestResourceOverview()).numberRegisteredSlots, 2);
    await waitFor('the TaskManager to be unregistered', async () => ((await rm.requestTaskManagers()).length === 0 ? true : undefined));
    assert.deepEqual(await rm.requestResourceOverview(), { numberTaskManagers: 0, numberRegisteredSlots: 0, numberFreeSlots: 0 });
    await assert.rejects(rm.heartbeatFromTaskManager(TM, []), { code: ErrorCode.UNKNOWN_TASK_EXECUTOR });
  } finally {
    rm.stop();
  }
});
