/**
 * The Web UI's monitoring routes on a real cluster: while a fast source feeds a slow sink, the
 * source's vertex metrics show records flowing at a measured rate, its back pressure is
 * measured, bytes are counted where batches cross worker threads, and the sink's subtasks report
 * that no watermark has arrived. Fields a Flink 1.x dashboard reads are checked on the way, and
 * the TaskManager's `hardware.freeMemory` is its slots' task heap.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, TestCluster, packageJob, waitFor } from './helpers/processes.js';

const cluster = new TestCluster();
/** Each slot's task worker heap. */
const TASK_HEAP_MB = 256;
let jarId: string;

before(async () => {
  const jar = join(cluster.workDir, 'slow-sink.jar');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/slow-sink.ts'), jar);
  await cluster.startJobManager();
  await cluster.startTaskManager(2, true, {}, [`taskmanager.memory.task.heap.size=${TASK_HEAP_MB}mb`]);
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

  type BackPressure = { status: string; 'backpressure-level'?: string; backpressureLevel?: string; subtasks?: { ratio: number; busyRatio: number; idleRatio: number; 'backpressure-level': string }[] };
  const backPressure = await waitFor('the source to be measured as back-pressured', async () => {
    const info = await cluster.getJson<BackPressure>(vertex(source, '/backpressure'));
    return info.status === 'ok' && info.subtasks![0]!.ratio > 0 ? info : undefined;
  });
  const [s] = backPressure.subtasks!;
  assert.ok(s!.ratio + s!.busyRatio + s!.idleRatio <= 1.01, `shares of one second: ${JSON.stringify(s)}`);
  // What a Flink 1.x dashboard reads: the level under its hyphenated name, on the answer and on each subtask.
  assert.ok(['ok', 'low', 'high'].includes(backPressure['backpressure-level']!), JSON.stringify(backPressure));
  assert.equal(backPressure['backpressure-level'], backPressure.backpressureLevel);
  assert.ok(['ok', 'low', 'high'].includes(s!['backpressure-level']), JSON.stringify(s));

  // Sink subtask 1 runs in the other slot's worker thread: every record crosses threads as encoded batches.
  type IO = { 'read-bytes': number; 'write-bytes': number; 'read-records': number };
  type Subtask = { subtask: number; host: string; endpoint: string; start_time: number; 'start-time': number; metrics: IO };
  const bytes = await waitFor('bytes counted on both sides of the exchange', async () => {
    const [src, snk] = await Promise.all([source, sink].map((v) => cluster.getJson<{ subtasks: Subtask[] }>(vertex(v, ''))));
    const written = src!.subtasks[0]!.metrics['write-bytes'];
    const read = snk!.subtasks[1]!.metrics['read-bytes'];
    return written > 0 && read > 0 ? { src: src!, snk: snk! } : undefined;
  });
  const consumer = bytes.snk.subtasks[1]!;
  // 1 KB records: the bytes are at least the records' payload.
  assert.ok(consumer.metrics['read-bytes'] >= consumer.metrics['read-records'] * 1000, JSON.stringify(consumer.metrics));
  // A 1.x dashboard's subtask table: host (the endpoint without its port) and start_time.
  assert.equal(consumer.host, consumer.endpoint.slice(0, consumer.endpoint.lastIndexOf(':')));
  assert.ok(consumer.host.length > 0 && consumer.start_time > 0 && consumer.start_time === consumer['start-time'], JSON.stringify(consumer));
  const details = await cluster.getJson<{ vertices: { id: string; metrics: IO }[] }>(`/jobs/${jobId}`);
  assert.ok(details.vertices.find((v) => v.id === sink.id)!.metrics['read-bytes'] > 0, 'the job page sums the bytes per vertex');
  const { taskmanagers } = await cluster.getJson<{ taskmanagers: { host: string; endpoint: string }[] }>(vertex(sink, '/taskmanagers'));
  assert.deepEqual(taskmanagers.map((t) => t.host), taskmanagers.map((t) => t.endpoint));

  const watermarks = await cluster.getJson<Metric[]>(vertex(sink, '/watermarks'));
  assert.deepEqual(watermarks, [0, 1].map((i) => ({ id: `${i}.currentInputWatermark`, value: '-9223372036854775808' })));

  const res = await fetch(`${cluster.restUrl}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
  assert.equal(res.status, 202);
  assert.equal((await cluster.waitForJobEnd(jobId)).state, 'CANCELED');
});

test('a TaskManager\'s hardware.freeMemory is the heap its tasks may use: the task heap of every slot', async () => {
  const { taskmanagers } = await cluster.getJson<{ taskmanagers: { slotsNumber: number; hardware: { freeMemory: number; physicalMemory: number } }[] }>('/taskmanagers');
  const [tm] = taskmanagers;
  assert.equal(tm!.hardware.freeMemory, 2 * TASK_HEAP_MB * 1024 ** 2);
  assert.ok(tm!.hardware.physicalMemory > tm!.hardware.freeMemory);
});
