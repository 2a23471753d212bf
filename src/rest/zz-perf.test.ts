import { test } from 'node:test';
import { archivedGraph, startHarness } from './fixtures.test.js';
test('perf', async () => {
  const h = await startHarness();
  const g = h.dispatcher.add(archivedGraph({}, 'RUNNING', 4));
  const app = h.server.app;
  for (const url of [`/jobs/${g.jobId}`, '/overview', `/jobs/${g.jobId}/exceptions`]) {
    for (let i = 0; i < 2000; i++) await app.inject({ url });
    const t0 = performance.now();
    const N = 5000;
    for (let i = 0; i < N; i++) await app.inject({ url });
    console.log(url.replace(g.jobId, ':id'), ((performance.now() - t0) / N * 1000).toFixed(1), 'us/req');
  }
  // serializer alone
  await h.close();
});
