import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TaskIOMetrics } from '../protocol/deployment.js';
import type { TaskIORates } from '../protocol/execution-graph-info.js';
import type { JobGraph, JobVertex } from '../protocol/job-graph.js';
import { ExecutionGraph, ZERO_METRICS } from './execution-graph.js';
import { ioRates } from './task-io-rates.js';

const report = (at: number, m: Partial<TaskIOMetrics>) => ({ at, metrics: { ...ZERO_METRICS, ...m } });

test('rates are the counters\' growth per second between two reports', () => {
  const rates = ioRates(
    report(10_000, { numRecordsIn: 100, numRecordsOut: 50, numBytesIn: 1000, accumulateBusyTime: 100, accumulateIdleTime: 900 }),
    report(12_000, { numRecordsIn: 300, numRecordsOut: 450, numBytesIn: 1500, numBytesOut: 64, accumulateBusyTime: 700, accumulateIdleTime: 1100, accumulateBackPressuredTime: 1200 }),
  );
  assert.deepEqual(rates, {
    numRecordsInPerSecond: 100, numRecordsOutPerSecond: 200, numBytesInPerSecond: 250, numBytesOutPerSecond: 32,
    busyTimeMsPerSecond: 300, idleTimeMsPerSecond: 100, backPressuredTimeMsPerSecond: 600, measuredAt: 12_000,
  });
});

test('time shares are capped at 1000 ms per second; no elapsed time gives no rates', () => {
  const rates = ioRates(report(0, {}), report(1000, { accumulateBusyTime: 1030 }));
  assert.equal(rates?.busyTimeMsPerSecond, 1000);
  assert.equal(ioRates(report(5, {}), report(5, { numRecordsIn: 3 })), undefined);
});

test('an execution has rates from its second report on, and none once it has ended', () => {
  const vertex: JobVertex = { id: 'a'.repeat(32), name: 'Source', parallelism: 1, maxParallelism: 128, operators: [], inputs: [] };
  const graph = new ExecutionGraph({ vertices: [vertex] } as unknown as JobGraph);
  const rates = (): TaskIORates | undefined => graph.archive('RUNNING', {}).vertices[0]!.subtasks[0]!.rates;
  const [e] = graph.byVertex.get(vertex.id)!;
  e!.reportMetrics({ ...ZERO_METRICS, numRecordsOut: 10 }, 1000);
  assert.equal(rates(), undefined);
  e!.reportMetrics({ ...ZERO_METRICS, numRecordsOut: 30 }, 1500);
  assert.equal(rates()?.numRecordsOutPerSecond, 40);
  assert.equal(e!.metrics.numRecordsOut, 30);
  for (const state of ['SCHEDULED', 'DEPLOYING', 'INITIALIZING', 'RUNNING', 'FINISHED'] as const) e!.transitionTo(state);
  assert.equal(rates(), undefined);
});
