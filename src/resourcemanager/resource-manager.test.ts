import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '../common/log.js';
import { ManualClock } from '../heartbeat/test-manual-clock.js';
import { ResourceManager } from './resource-manager.js';

const TM = 'a'.repeat(32);

/** A ResourceManager with one registered TaskExecutor whose calls are recorded. */
async function withTaskExecutor(heartbeatClock?: ManualClock): Promise<{ rm: ResourceManager; calls: unknown[][] }> {
  const calls: unknown[][] = [];
  const taskExecutor = new Proxy({}, { get: (_o, method) => async (...args: unknown[]) => calls.push([method, ...args]) });
  const rm = new ResourceManager({ resourceManagerId: 'rm', evenlySpreadOutSlots: false, heartbeatTimeoutMs: 60_000, gateways: <G extends object>() => taskExecutor as G, log: silentLogger(), heartbeatClock });
  await rm.registerTaskExecutor({ resourceId: TM, rpcAddress: { host: '127.0.0.1', port: 1 }, dataAddress: { host: '127.0.0.1', port: 2 }, dataPort: 2, numberOfSlots: 1, hardware: { cpuCores: 1, physicalMemory: 0, freeMemory: 0, managedMemory: 0 } });
  return { rm, calls };
}

test('queryTaskManager forwards process-info calls to the TaskExecutor', async () => {
  const { rm, calls } = await withTaskExecutor();
  await rm.queryTaskManager(TM, 'readLogFile', ['x.log', 10, 20]);
  assert.deepEqual(calls, [['readLogFile', 'x.log', 10, 20]]);
});

test('queryTaskManager rejects unknown TaskManagers and anything but process-info calls', async () => {
  const { rm, calls } = await withTaskExecutor();
  await assert.rejects(rm.queryTaskManager('b'.repeat(32), 'requestLogList', []), { code: 'UNKNOWN_TASK_EXECUTOR', message: `Could not find TaskExecutor ${'b'.repeat(32)}.` });
  const slotRequest = 'freeSlot' as unknown as 'requestLogList';
  await assert.rejects(rm.queryTaskManager(TM, slotRequest, []), { code: 'BAD_REQUEST' });
  assert.deepEqual(calls, []);
});

test('a TaskManager silent for heartbeat.timeout is removed; heartbeats keep it and carry its slot report', async () => {
  const clock = new ManualClock();
  const { rm } = await withTaskExecutor(clock);
  assert.deepEqual(await rm.requestResourceOverview(), { numberTaskManagers: 1, numberRegisteredSlots: 1, numberFreeSlots: 1 });
  clock.advance(59_000);
  await rm.heartbeatFromTaskManager(TM, [{ slotIndex: 0, allocationId: 'c'.repeat(32), jobId: 'j'.repeat(32), assignedTasks: 2 }]);
  assert.deepEqual(await rm.requestResourceOverview(), { numberTaskManagers: 1, numberRegisteredSlots: 1, numberFreeSlots: 0 });
  const [tm] = await rm.requestTaskManagers();
  assert.equal(tm!.lastHeartbeat, clock.now());
  clock.advance(59_000);
  assert.equal((await rm.requestTaskManagers()).length, 1);
  clock.advance(1_000);
  assert.deepEqual(await rm.requestTaskManagers(), []);
  await assert.rejects(rm.heartbeatFromTaskManager(TM, []), { code: 'UNKNOWN_TASK_EXECUTOR' });
  rm.stop();
  assert.equal(clock.pending, 0);
});
