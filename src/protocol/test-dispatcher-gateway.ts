/**
 * Flink's TestingDispatcherGateway: a Dispatcher that takes every submission and knows no job
 * (queries about one reject with JOB_NOT_FOUND, as a real Dispatcher's would).
 */
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { JobId } from '../common/ids.js';
import type { DispatcherGateway } from './gateways.js';
import { notSet, TestingGatewayBuilder } from './test-gateway-builder.js';

async function unknownJob(jobId: JobId): Promise<never> {
  throw SluiceError.user(ErrorCode.JOB_NOT_FOUND, `Job ${jobId} not found.`);
}

/** A builder of a DispatcherGateway fake; set the calls the test looks at. */
export function testingDispatcherGateway(): TestingGatewayBuilder<DispatcherGateway> {
  return new TestingGatewayBuilder<DispatcherGateway>({
    submitJob: async () => undefined,
    checkJobIdAvailable: async () => undefined,
    listJobs: async () => [],
    requestJob: unknownJob,
    requestJobStatus: unknownJob,
    cancelJob: unknownJob,
    requestClusterOverview: async () => ({
      numTaskManagersConnected: 0, numSlotsTotal: 0, numSlotsAvailable: 0,
      numJobsRunningOrPending: 0, numJobsFinished: 0, numJobsCancelled: 0, numJobsFailed: 0,
    }),
    requestTaskManagers: async () => [],
    requestJobResult: unknownJob,
    fetchCollectResults: unknownJob,
    queryTaskManager: notSet('TestingDispatcherGateway', 'queryTaskManager'),
    triggerCheckpoint: async () => undefined,
    getTriggeredCheckpointStatus: notSet('TestingDispatcherGateway', 'getTriggeredCheckpointStatus'),
    triggerSavepoint: async () => undefined,
    stopWithSavepoint: async () => undefined,
    updateJobResourceRequirements: unknownJob,
    getTriggeredSavepointStatus: notSet('TestingDispatcherGateway', 'getTriggeredSavepointStatus'),
    disposeSavepoint: async () => undefined,
    getSavepointDisposalStatus: notSet('TestingDispatcherGateway', 'getSavepointDisposalStatus'),
  });
}
