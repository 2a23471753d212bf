/**
 * Runs JobMasters for the Dispatcher: creates the JobMaster of a job, exposes it as an RPC
 * endpoint fenced by its JobMaster id, and removes the endpoint when the job ends.
 */
import { newId } from '../common/ids.js';
import type { Logger } from '../common/log.js';
import type { JobGraph } from '../protocol/job-graph.js';
import type { Address } from '../protocol/deployment.js';
import { EndpointIds, type GatewayResolver, type JobManagerRunner, type JobManagerRunnerFactory, type ResourceManagerGateway } from '../protocol/gateways.js';
import type { RpcServer } from '../rpc/rpc-server.js';
import { JobMaster } from './job-master.js';

export interface JobMasterServiceDeps {
  rpcServer: RpcServer;
  /** The advertised RPC address of this JobManager process. */
  rpcAddress: Address;
  resourceManager: ResourceManagerGateway;
  gateways: GatewayResolver;
  slotRequestTimeoutMs: number;
  log: Logger;
}

/** Creates one JobMaster per submitted job. */
export class DefaultJobManagerRunnerFactory implements JobManagerRunnerFactory {
  constructor(private readonly deps: JobMasterServiceDeps) {}

  createJobManagerRunner(jobGraph: JobGraph, initializationTimestamp: number): JobManagerRunner {
    const { rpcServer, rpcAddress, resourceManager, gateways, slotRequestTimeoutMs, log } = this.deps;
    const endpointId = EndpointIds.jobMaster(jobGraph.jobId);
    const jobMasterId = newId();
    const jobMaster = new JobMaster({
      jobGraph,
      initializationTimestamp,
      jobMasterId,
      selfAddress: { address: rpcAddress, endpointId },
      resourceManager,
      gateways,
      slotRequestTimeoutMs,
      log: log.child({ component: 'JobMaster', jobId: jobGraph.jobId }),
    });
    return {
      jobId: jobGraph.jobId,
      jobMasterGateway: jobMaster,
      resultFuture: jobMaster.resultFuture,
      start: () => {
        rpcServer.registerEndpoint(endpointId, jobMaster, () => jobMasterId);
        jobMaster.start();
      },
      close: async () => {
        await jobMaster.close();
        rpcServer.unregisterEndpoint(endpointId);
      },
    };
  }
}
