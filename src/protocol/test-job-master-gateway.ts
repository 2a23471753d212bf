/** Flink's TestingJobMasterGateway: a JobMaster that accepts every slot offer and acknowledges every report. */
import type { JobMasterGateway } from './gateways.js';
import { notSet, TestingGatewayBuilder } from './test-gateway-builder.js';

/** A builder of a JobMasterGateway fake; set the calls the test looks at. */
export function testingJobMasterGateway(): TestingGatewayBuilder<JobMasterGateway> {
  return new TestingGatewayBuilder<JobMasterGateway>({
    offerSlots: async (_taskManagerId, _taskExecutor, _dataAddress, offers) => offers,
    updateTaskExecutionState: async () => undefined,
    disconnectTaskManager: async () => undefined,
    reportTaskMetrics: async () => undefined,
    requestJob: notSet('TestingJobMasterGateway', 'requestJob'),
    cancel: async () => undefined,
    addCollectResults: async () => undefined,
    fetchCollectResults: notSet('TestingJobMasterGateway', 'fetchCollectResults'),
    triggerCheckpoint: notSet('TestingJobMasterGateway', 'triggerCheckpoint'),
    triggerSavepoint: notSet('TestingJobMasterGateway', 'triggerSavepoint'),
    stopWithSavepoint: notSet('TestingJobMasterGateway', 'stopWithSavepoint'),
    updateJobResourceRequirements: notSet('TestingJobMasterGateway', 'updateJobResourceRequirements'),
    acknowledgeCheckpoint: async () => undefined,
    declineCheckpoint: async () => undefined,
  });
}
