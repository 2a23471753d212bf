import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Configuration } from '../common/config/configuration.js';
import { silentLogger } from '../common/log.js';
import type { JobGraph } from '../protocol/job-graph.js';
import { testingResourceManagerGateway } from '../protocol/test-resource-manager-gateway.js';
import type { RpcServer } from '../rpc/rpc-server.js';
import { DefaultJobManagerRunnerFactory } from './job-master-runner.js';

function factory(cluster: Record<string, string> = {}): DefaultJobManagerRunnerFactory {
  return new DefaultJobManagerRunnerFactory({
    rpcServer: {} as RpcServer,
    rpcAddress: { host: '127.0.0.1', port: 1 },
    resourceManager: testingResourceManagerGateway().build(),
    gateways: () => assert.fail('no gateway is needed'),
    heartbeat: { intervalMs: 60_000, timeoutMs: 120_000, rpcFailureThreshold: -1 },
    clusterConfig: new Configuration(Object.entries(cluster)),
    onConnectionClosed: () => () => undefined,
    log: silentLogger(),
  });
}

function job(config: Record<string, string>): JobGraph {
  const vertex = { id: 'v'.repeat(32), name: 'Source', parallelism: 1, maxParallelism: 128, operators: [], inputs: [] };
  return { jobId: 'j'.repeat(32), jobName: 'test', jobType: 'STREAMING', vertices: [vertex], maxParallelism: 128, config } as unknown as JobGraph;
}

test('a job whose checkpoint settings are bad is refused at submission with INVALID_CONFIG (400) naming the key', () => {
  assert.throws(() => factory().createJobManagerRunner(job({ 'execution.checkpointing.interval': '5' }), Date.now()), {
    code: 'INVALID_CONFIG', message: /'execution\.checkpointing\.interval'.*at least 10 ms/,
  });
  assert.throws(() => factory({ 'execution.checkpointing.timeout': '0 s' }).createJobManagerRunner(job({ 'execution.checkpointing.interval': '1 s' }), Date.now()), {
    code: 'INVALID_CONFIG', message: /'execution\.checkpointing\.timeout'/,
  });
});

test('the job\'s checkpoint settings override the cluster\'s; a job that checkpoints reports them', async () => {
  const runner = factory({ 'execution.checkpointing.interval': '1 min' })
    .createJobManagerRunner(job({ 'execution.checkpointing.interval': '0' }), Date.now());
  assert.equal((await runner.jobMasterGateway.requestJob()).checkpointStats, undefined);
  const checkpointing = factory({ 'execution.checkpointing.interval': '1 min', 'execution.checkpointing.tolerable-failed-checkpoints': '2' })
    .createJobManagerRunner(job({ 'execution.checkpointing.interval': '2 s' }), Date.now());
  const settings = (await checkpointing.jobMasterGateway.requestJob()).checkpointStats?.settings;
  assert.deepEqual([settings?.interval, settings?.tolerableFailures], [2000, 2]);
});
