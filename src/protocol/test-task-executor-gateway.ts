/** Flink's TestingTaskExecutorGateway: a TaskExecutor that takes every slot and task and holds nothing. */
import type { TaskExecutorGateway } from './gateways.js';
import { notSet, TestingGatewayBuilder } from './test-gateway-builder.js';

/** A builder of a TaskExecutorGateway fake; set the calls the test looks at. */
export function testingTaskExecutorGateway(): TestingGatewayBuilder<TaskExecutorGateway> {
  return new TestingGatewayBuilder<TaskExecutorGateway>({
    requestSlot: async () => undefined,
    submitTask: async () => undefined,
    cancelTask: async () => undefined,
    freeSlot: async () => undefined,
    heartbeatFromJobManager: async () => [],
    grantCollectCredit: async () => undefined,
    requestLogList: async () => [],
    requestLogFileInfo: notSet('TestingTaskExecutorGateway', 'requestLogFileInfo'),
    readLogFile: async () => new Uint8Array(0),
    requestThreadDump: async () => [],
    requestMetrics: async () => [],
    triggerCheckpoint: async () => undefined,
    notifyCheckpointComplete: async () => undefined,
    notifyCheckpointAborted: async () => undefined,
  });
}
