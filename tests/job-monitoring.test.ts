/**
 * The Web UI's monitoring routes on a real cluster: while a fast source feeds a slow sink, the
 * source's vertex metrics show records flowing at a measured rate, its back pressure is
 * measured, and the sink's subtasks report that no watermark has arrived.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, TestCluster, packageJob, waitFor } from './helpers/processes.js';

const cluster = new TestCluster();
let jarId: string;

before(async () => {
  const jar = join(cluster.workDir, 'slow-sink.jar');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/slow-sink.ts'), jar);
  await cluster.startJobManager();
  await cluster.startTaskManager(2);
  jarId = await cluster.uploadJar(jar);
});

after(() => cluster.stop());

type Metric = { id: string; value: string };

test('a running job\'s vertex metrics, back pressure and watermarks', async () => {
  // Far more records than the test waits for: the job is cancelled at the end.
  const jobId = await cluster.runJar(jarId, { programArgsList: ['100000000'] });
  const job = await cluster.getJson<{ vertices: { id: string; name: string }[] }>(`/jobs/${jobId}`);
  const source = job.vertices.find((v) => v.name.startsWith('Source'))!;
  const sink = job.vertices.find((v) => v.name.includes('Sink'))!;
  const vertex = (v: { id: string }, path: string): string => `/jobs/${jobId}/vertices/${v.id}${path}`;

  const flowing = await waitFor('the source to report a record rate', async () => {
    const metrics = await cluster.getJson<Metric[]>(`${vertex(source, '/metrics')}?get=0.numRecordsOut,0.numRecordsOutPerSecond`);
    const byId = new Map(metrics.map((m) => [m.id, Number(m.value)]));
    return (byId.get('0.numRecordsOutPerSecond') ?? 0) > 0 ? byId : undefined;
  });
  assert.ok(flowing.get('0.numRecordsOut')! > 0, 'records left the source');

  await waitFor('the sink\'s subtasks to have received records', async () => {
    const [sinkIn] = await cluster.getJson<{ id: string; sum: number }[]>(`/v1${vertex(sink, '/subtasks/metrics')}?get=numRecordsIn&agg=sum`);
    return sinkIn && sinkIn.sum > 0 ? true : undefined;
  });

  const backPressure = await waitFor('the source to be measured as back-pressured', async () => {
    const info = await cluster.getJson<{ status: string; subtasks?: { ratio: number; busyRatio: number; idleRatio: number }[] }>(vertex(source, '/backpressure'));
    return info.status === 'ok' && info.subtasks![0]!.ratio > 0 ? info : undefined;
  });
  const [s] = backPressure.subtasks!;
  assert.ok(s!.ratio + s!.busyRatio + s!.idleRatio <= 1.01, `shares of one second: ${JSON.stringify(s)}`);

  const watermarks = await cluster.getJson<Metric[]>(vertex(sink, '/watermarks'));
  assert.deepEqual(watermarks, [0, 1].map((i) => ({ id: `${i}.currentInputWatermark`, value: '-9223372036854775808' })));

  const res = await fetch(`${cluster.restUrl}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
  assert.equal(res.status, 202);
  assert.equal((await cluster.waitForJobEnd(jobId)).state, 'CANCELED');
});
