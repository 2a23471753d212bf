import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as settle } from 'node:timers/promises';
import { ManualClock } from '../heartbeat/test-manual-clock.js';
import type { JobMasterGateway, ResourceManagerGateway } from '../protocol/gateways.js';
import { testTaskExecutor } from './test-task-executor.js';

const JOB_A = 'a'.repeat(32);
const JOB_B = 'b'.repeat(32);
const JOB_MASTER = { address: { host: '127.0.0.1', port: 1 }, endpointId: 'jm' };

test('a job whose JobMaster is silent for the heartbeat timeout loses its slots here; heartbeats keep them', async () => {
  const clock = new ManualClock();
  const released: string[] = [];
  const resourceManager = { notifySlotReleased: async (_tm: string, allocationId: string) => void released.push(allocationId) } as unknown as ResourceManagerGateway;
  const jobMaster = { offerSlots: async (...args: unknown[]) => args[3] } as unknown as JobMasterGateway;
  const taskExecutor = testTaskExecutor(jobMaster, resourceManager, { jobManagerHeartbeatTimeoutMs: 1000, heartbeatClock: clock });
  try {
    await taskExecutor.requestSlot(0, JOB_A, 'allocation-a', JOB_MASTER, 'jm', 'rm');
    await taskExecutor.requestSlot(1, JOB_B, 'allocation-b', JOB_MASTER, 'jm', 'rm');
    await settle();
    clock.advance(900);
    assert.deepEqual(await taskExecutor.heartbeatFromJobManager(JOB_A), ['allocation-a'], 'a heartbeat is answered with the job\'s allocations');
    clock.advance(100);
    assert.deepEqual(released, ['allocation-b']);
    assert.deepEqual(taskExecutor.slotReport().map((s) => s.allocationId), ['allocation-a', undefined]);
    assert.deepEqual(await taskExecutor.heartbeatFromJobManager(JOB_B), [], 'a job without slots here holds nothing');
    clock.advance(900);
    assert.deepEqual(released, ['allocation-b', 'allocation-a']);
    assert.equal(clock.pending, 0);
  } finally {
    await taskExecutor.shutdown();
  }
});
