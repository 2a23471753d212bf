/** Flink's TestingResourceManagerGateway: a ResourceManager with no TaskManagers that acknowledges every call. */
import { DEFAULT_LEADER_ID, type ResourceManagerGateway } from './gateways.js';
import { notSet, TestingGatewayBuilder } from './test-gateway-builder.js';

/** A builder of a ResourceManagerGateway fake; set the calls the test looks at. */
export function testingResourceManagerGateway(): TestingGatewayBuilder<ResourceManagerGateway> {
  return new TestingGatewayBuilder<ResourceManagerGateway>({
    registerTaskExecutor: async () => ({ resourceManagerId: DEFAULT_LEADER_ID }),
    heartbeatFromTaskManager: async () => undefined,
    disconnectTaskManager: async () => undefined,
    declareRequiredResources: async () => undefined,
    notifySlotReleased: async () => undefined,
    requestTaskManagers: async () => [],
    requestResourceOverview: async () => ({ numberTaskManagers: 0, numberRegisteredSlots: 0, numberFreeSlots: 0 }),
    queryTaskManager: notSet('TestingResourceManagerGateway', 'queryTaskManager'),
  });
}
