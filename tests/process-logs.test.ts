/**
 * Log files, stdout, thread dumps and metrics of real JobManager and TaskManager processes over
 * REST: both write their .log and .out files in env.log.dir while still printing to the terminal;
 * a job's print() output is readable at /taskmanagers/:id/stdout; a TaskManager's files come
 * through RPC in chunks, capped by rest.log.max-bytes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { ROOT, TestCluster, packageJob, waitFor, type SluiceProcess } from './helpers/processes.js';

const MAX_BYTES = 3 * 1024 * 1024;
const cluster = new TestCluster([`rest.log.max-bytes=${MAX_BYTES}`]);
let tm: SluiceProcess;
let tmId: string;

before(async () => {
  await cluster.startJobManager();
  tm = await cluster.startTaskManager(1);
  tmId = (await cluster.getJson<{ taskmanagers: { id: string }[] }>('/taskmanagers')).taskmanagers[0]!.id;
});

after(async () => {
  await cluster.stop();
});

async function text(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(`${cluster.restUrl}${path}`, { headers });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

test('the JobManager lists and serves its own log file', async () => {
  const { logs } = await cluster.getJson<{ logs: { name: string; size: number; mtime: number }[] }>('/jobmanager/logs');
  const names = logs.map((l) => l.name);
  const prefix = `sluice-${userInfo().username}-jobmanager-0-`;
  assert.ok(names.some((n) => n.startsWith(prefix) && n.endsWith('.log')), names.join(', '));
  assert.ok(names.some((n) => n.startsWith(prefix) && n.endsWith('.out')), names.join(', '));
  const log = await text('/jobmanager/log');
  assert.equal(log.status, 200);
  assert.match(log.body, /"msg":"JobManager started; REST API/);
});

test("a job's print() output is in the TaskManager's stdout file and still on its terminal", async () => {
  const jar = join(cluster.workDir, 'wordcount.jar');
  await packageJob(join(ROOT, 'examples/wordcount.ts'), jar);
  const jobId = await cluster.runJar(await cluster.uploadJar(jar), { entryClass: 'WordCount', programArgsList: ['Logs land in files'] });
  assert.equal((await cluster.waitForJobEnd(jobId)).state, 'FINISHED');
  const stdout = await text(`/taskmanagers/${tmId}/stdout`);
  assert.equal(stdout.status, 200);
  assert.equal(stdout.headers.get('content-type'), 'text/plain; charset=utf-8');
  for (const line of ['(logs,1)', '(land,1)', '(in,1)', '(files,1)']) {
    assert.ok(stdout.body.includes(line), `stdout has ${line}:\n${stdout.body}`);
    assert.ok(tm.stdout.includes(line), 'the terminal got it too');
  }
  assert.match((await text(`/taskmanagers/${tmId}/log`)).body, /"msg":"Registered at the ResourceManager"/);
});

test("a TaskManager's big file comes in chunks over RPC: tail capped, ranges, 416", async () => {
  // 4 MiB, every 1000-byte line distinct, so a misplaced chunk shows.
  const lines = Array.from({ length: 4200 }, (_, i) => `${String(i).padStart(6, '0')} ${'x'.repeat(992)}\n`);
  const content = lines.join('');
  writeFileSync(join(cluster.logDir, 'big.log'), content);
  const { logs } = await cluster.getJson<{ logs: { name: string; size: number }[] }>(`/taskmanagers/${tmId}/logs`);
  assert.deepEqual(logs.find((l) => l.name === 'big.log')?.size, content.length);

  const tail = await text(`/taskmanagers/${tmId}/logs/big.log`);
  assert.equal(tail.status, 200);
  assert.equal(tail.body, content.slice(content.length - MAX_BYTES), 'the last rest.log.max-bytes bytes');
  assert.equal(tail.headers.get('x-log-range'), `bytes ${content.length - MAX_BYTES}-${content.length - 1}/${content.length}`);

  const ranged = await text(`/v1/taskmanagers/${tmId}/logs/big.log`, { range: 'bytes=1000-2999' });
  assert.equal(ranged.status, 206);
  assert.equal(ranged.headers.get('content-range'), `bytes 1000-2999/${content.length}`);
  assert.equal(ranged.body, lines[1]! + lines[2]!);
  assert.equal((await text(`/taskmanagers/${tmId}/logs/big.log?start=0`)).body, content.slice(0, MAX_BYTES));
  const beyond = await text(`/taskmanagers/${tmId}/logs/big.log`, { range: `bytes=${content.length}-` });
  assert.equal(beyond.status, 416);
  assert.equal(beyond.headers.get('content-range'), `bytes */${content.length}`);
});

test('bad file names and unknown TaskManagers answer 400/404 naming them', async () => {
  const traversal = await text(`/taskmanagers/${tmId}/logs/..%2Fjm%2Fblobs`);
  assert.equal(traversal.status, 400);
  assert.match(traversal.body, /Invalid log file name '\.\.\/jm\/blobs'/);
  const missing = await text(`/taskmanagers/${tmId}/logs/nothing.log`);
  assert.equal(missing.status, 404);
  assert.deepEqual(JSON.parse(missing.body), { errors: [`Log file 'nothing.log' does not exist in the log directory of TaskManager ${tmId}.`] });
  const unknown = await text(`/taskmanagers/${'e'.repeat(32)}/stdout`);
  assert.equal(unknown.status, 404);
  assert.deepEqual(JSON.parse(unknown.body), { errors: [`Could not find TaskExecutor ${'e'.repeat(32)}.`] });
});

test('thread dumps: the main thread first; a TaskManager names its task worker threads', async () => {
  const jm = await cluster.getJson<{ threadInfos: { threadName: string; stringifiedThreadInfo: string }[] }>('/jobmanager/thread-dump');
  assert.equal(jm.threadInfos[0]!.threadName, 'main');
  assert.match(jm.threadInfos[0]!.stringifiedThreadInfo, /^"main" Id=\d+ .*\n\tat /);
  const dump = await cluster.getJson<{ threadInfos: { threadName: string; stringifiedThreadInfo: string }[] }>(`/taskmanagers/${tmId}/thread-dump`);
  assert.equal(dump.threadInfos[0]!.threadName, 'main');
  const worker = await waitFor('the spare worker to report its thread', async () => {
    const d = await cluster.getJson<{ threadInfos: { threadName: string; stringifiedThreadInfo: string }[] }>(`/taskmanagers/${tmId}/thread-dump`);
    return d.threadInfos.find((t) => t.threadName === 'Spare task worker of slot 0');
  });
  assert.match(worker.stringifiedThreadInfo, /^"Spare task worker of slot 0" Id=\d+ /);
});

test('metrics of both processes: ids, then values for ?get=', async () => {
  for (const base of ['/jobmanager/metrics', `/taskmanagers/${tmId}/metrics`]) {
    const ids = await cluster.getJson<{ id: string }[]>(base);
    assert.ok(ids.some((m) => m.id === 'Status.JVM.Memory.Heap.Used'), base);
    const values = await cluster.getJson<{ id: string; value: string }[]>(`${base}?get=Status.JVM.Memory.Heap.Used,Status.JVM.Threads.Count,Nope`);
    assert.deepEqual(values.map((m) => m.id), ['Status.JVM.Memory.Heap.Used', 'Status.JVM.Threads.Count']);
    assert.ok(Number(values[1]!.value) > 1, 'several OS threads');
  }
});
