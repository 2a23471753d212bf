/**
 * A slow sink slows the source instead of growing memory: 400 MB of records pass through a
 * TaskManager whose peak RSS stays below 300 MB (about 560 MB without credit-based flow control,
 * measured), and the source reports backpressured time.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, TestCluster, packageJob } from './helpers/processes.js';

const cluster = new TestCluster();
let jar: string;

/** Peak resident memory of a process in MB (VmHWM). */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) / 1024;
}

before(async () => {
  jar = join(cluster.workDir, 'slow-sink.jar');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/slow-sink.ts'), jar);
  await cluster.startJobManager();
  await cluster.startTaskManager(2);
});

after(() => cluster.stop());

test('a slow sink backpressures the source and memory stays bounded', async () => {
  const form = new FormData();
  form.append('jarfile', new Blob([readFileSync(jar)]), 'slow-sink.jar');
  const upload = (await (await fetch(`${cluster.restUrl}/jars/upload`, { method: 'POST', body: form })).json()) as { filename: string };
  const jarId = upload.filename.split('/').pop()!;
  const records = 400_000;
  const res = await fetch(`${cluster.restUrl}/jars/${jarId}/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ programArgsList: [String(records)] }) });
  const { jobid } = (await res.json()) as { jobid: string };
  const job = await cluster.waitForJobEnd(jobid, 120_000);
  assert.equal(job.state, 'FINISHED', cluster.output());
  const vertices = job.vertices as { name: string; metrics: Record<string, number> }[];
  const sink = vertices.find((v) => v.name.includes('Sink'))!;
  const source = vertices.find((v) => v.name.startsWith('Source'))!;
  assert.equal(sink.metrics['read-records'], records, 'every record reached the sink');
  const tm = cluster.processes.find((p) => p.name === 'taskmanager-0')!;
  const peak = peakRssMb(tm.pid);
  assert.ok(peak < 300, `TaskManager peak RSS ${peak.toFixed(0)} MB for ${records / 1000} MB of records passing through`);
  assert.ok(source.metrics['accumulated-backpressured-time'] > 0, 'the source waited for credit');
});
