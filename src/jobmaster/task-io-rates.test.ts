import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TaskIOMetrics } from '../protocol/deployment.js';
import { ZERO_METRICS } from './execution-graph.js';
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
