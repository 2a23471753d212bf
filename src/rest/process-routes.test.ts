/**
 * The JobManager's and TaskManagers' log, stdout, thread-dump, metrics and log-url routes on
 * in-memory fakes: real files in a temp dir, TaskManager queries answered by an in-process
 * introspection (the cross-process path is tests/process-logs.test.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Configuration } from '../common/config/configuration.js';
import { HistoryServerOptions } from '../common/config/options.js';
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { ResourceId } from '../common/ids.js';
import { ProcessIntrospection } from '../common/process-info/process-introspection.js';
import type { ProcessInfoAnswer, ProcessInfoGateway, ProcessInfoQuery } from '../protocol/gateways.js';
import { FakeBlobs, FakeDispatcher, FakePackages, archivedGraph } from './test-fixtures.js';
import { createRestServer, type RestServer } from './index.js';
import { logUrlJson } from './processes/log-url.js';

const TM_ID = 'b'.repeat(32);
const LOG = 'sluice-me-jobmanager-0-host.log';
const OUT = 'sluice-me-jobmanager-0-host.out';
/** 5000 bytes, each position recognizable: byte i is the character code 48 + i % 50. */
const BIG = Buffer.from(Array.from({ length: 5000 }, (_, i) => 48 + (i % 50)));

/** A dispatcher with one TaskManager, `TM_ID`, answering queries as the ResourceManager forwards them. */
class QueryingDispatcher extends FakeDispatcher {
  constructor(private readonly taskManager: ProcessInfoGateway) {
    super();
  }

  override async queryTaskManager<Q extends ProcessInfoQuery>(resourceId: ResourceId, query: Q, args: Parameters<ProcessInfoGateway[Q]>): ProcessInfoAnswer<Q> {
    if (resourceId !== TM_ID) throw new SluiceError(ErrorCode.UNKNOWN_TASK_EXECUTOR, `Could not find TaskExecutor ${resourceId}.`, { kind: 'user' });
    return (this.taskManager[query] as (...a: unknown[]) => ProcessInfoAnswer<Q>).apply(this.taskManager, args);
  }
}

describe('process routes', () => {
  let dir: string;
  let server: RestServer;
  let bare: RestServer;
  let dispatcher: QueryingDispatcher;
  const get = (url: string, headers: Record<string, string> = {}) => server.app.inject({ url, headers });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-logs-'));
    await writeFile(join(dir, LOG), 'line one\nline two\n');
    await writeFile(join(dir, OUT), '(hello,1)\n');
    await writeFile(join(dir, `${LOG}.1`), 'older\n');
    await writeFile(join(dir, 'big.log'), BIG);
    await writeFile(join(dir, 'sluice-me-jobmanager-0-host.lock'), '1\n');
    await writeFile(join(dir, 'notes.txt'), 'not a log\n');
    const logFiles = { dir, logFile: LOG, outFile: OUT };
    const taskManager = new ProcessIntrospection({ owner: `TaskManager ${TM_ID}`, logFiles });
    dispatcher = new QueryingDispatcher(taskManager);
    const config = new Configuration([['rest.log.max-bytes', '1 kb'], ['historyserver.log.jobmanager.url-pattern', 'https://logs.example/jm?job=<jobid>'], ['historyserver.log.taskmanager.url-pattern', 'ftp://logs.example/<tmid>']]);
    const deps = { dispatcher, packages: new FakePackages(), blobs: new FakeBlobs(), checkSnapshotRestore: async () => undefined, config, uploadDir: join(dir, 'uploads') };
    server = await createRestServer({ ...deps, jobManagerProcess: new ProcessIntrospection({ owner: 'the JobManager', logFiles }) });
    bare = await createRestServer({ ...deps, config: new Configuration(), uploadDir: join(dir, 'uploads-2') });
  });

  after(async () => {
    await server.close();
    await bare.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('GET /jobmanager/logs lists log and .out files (rotated ones too), nothing else', async () => {
    const res = await get('/jobmanager/logs');
    assert.equal(res.statusCode, 200);
    const { logs } = res.json() as { logs: { name: string; size: number; mtime: number }[] };
    assert.deepEqual(logs.map((l) => l.name).sort(), ['big.log', LOG, `${LOG}.1`, OUT].sort());
    assert.deepEqual(logs.find((l) => l.name === 'big.log'), { name: 'big.log', size: 5000, mtime: logs.find((l) => l.name === 'big.log')!.mtime });
    assert.deepEqual((await get('/v1/jobmanager/logs')).json(), res.json());
  });

  test('GET /jobmanager/log and /stdout: the whole small file as text', async () => {
    const log = await get('/jobmanager/log');
    assert.equal(log.statusCode, 200);
    assert.equal(log.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(log.headers['x-log-range'], 'bytes 0-17/18');
    assert.equal(log.body, 'line one\nline two\n');
    assert.equal((await get('/v1/jobmanager/stdout')).body, '(hello,1)\n');
  });

  test('a big file: the tail capped at rest.log.max-bytes; start/end/tail; Range 206 and 416', async () => {
    const tail = await get('/jobmanager/logs/big.log');
    assert.equal(tail.statusCode, 200);
    assert.equal(tail.headers['x-log-range'], 'bytes 3976-4999/5000');
    assert.deepEqual(tail.rawPayload, BIG.subarray(5000 - 1024));

    assert.deepEqual((await get('/jobmanager/logs/big.log?start=0')).rawPayload, BIG.subarray(0, 1024));
    assert.deepEqual((await get('/jobmanager/logs/big.log?start=10&end=20')).rawPayload, BIG.subarray(10, 20));
    assert.deepEqual((await get('/jobmanager/logs/big.log?tail=7')).rawPayload, BIG.subarray(4993));

    const ranged = await get('/jobmanager/logs/big.log', { range: 'bytes=100-199' });
    assert.equal(ranged.statusCode, 206);
    assert.equal(ranged.headers['content-range'], 'bytes 100-199/5000');
    assert.deepEqual(ranged.rawPayload, BIG.subarray(100, 200));
    const capped = await get('/jobmanager/logs/big.log', { range: 'bytes=0-' });
    assert.equal(capped.headers['content-range'], 'bytes 0-1023/5000');

    const beyond = await get('/jobmanager/logs/big.log', { range: 'bytes=6000-' });
    assert.equal(beyond.statusCode, 416);
    assert.equal(beyond.headers['content-range'], 'bytes */5000');
    assert.deepEqual(beyond.json(), { errors: ["Log file big.log: Range 'bytes=6000-' is not satisfiable: the file has 5000 bytes."] });
    assert.equal((await get('/jobmanager/logs/big.log?start=9&end=3')).statusCode, 400);
    assert.equal((await get('/jobmanager/logs/big.log?tail=-1')).statusCode, 400);
  });

  test('names with a path, unknown names and non-log files are refused, naming the file', async () => {
    const traversal = await get('/jobmanager/logs/..%2Fsecret');
    assert.equal(traversal.statusCode, 400);
    assert.match(traversal.json().errors[0], /Invalid log file name '\.\.\/secret'/);
    assert.match((await get('/jobmanager/logs/a%2Fb')).json().errors[0], /Invalid log file name 'a\/b'/);
    assert.equal((await get('/jobmanager/logs/a/b')).statusCode, 404);
    for (const name of ['missing.log', 'notes.txt', 'sluice-me-jobmanager-0-host.lock']) {
      const res = await get(`/jobmanager/logs/${name}`);
      assert.equal(res.statusCode, 404, name);
      assert.deepEqual(res.json(), { errors: [`Log file '${name}' does not exist in the log directory of the JobManager.`] });
    }
  });

  test('a JobManager without log files lists none and answers 404 for its log', async () => {
    assert.deepEqual((await bare.app.inject({ url: '/jobmanager/logs' })).json(), { logs: [] });
    const res = await bare.app.inject({ url: '/jobmanager/log' });
    assert.equal(res.statusCode, 404);
    assert.match(res.json().errors[0], /The JobManager writes no log files/);
  });

  test('TaskManager routes go through the Dispatcher; an unknown TaskManager is a 404', async () => {
    assert.equal((await get(`/taskmanagers/${TM_ID}/logs`)).json().logs.length, 4);
    assert.equal((await get(`/v1/taskmanagers/${TM_ID}/log`)).body, 'line one\nline two\n');
    assert.equal((await get(`/taskmanagers/${TM_ID}/stdout`)).body, '(hello,1)\n');
    const ranged = await get(`/taskmanagers/${TM_ID}/logs/big.log`, { range: 'bytes=-10' });
    assert.equal(ranged.statusCode, 206);
    assert.deepEqual(ranged.rawPayload, BIG.subarray(4990));
    assert.equal((await get(`/taskmanagers/${TM_ID}/logs/..%2Fx`)).statusCode, 400);
    for (const path of ['logs', 'log', 'stdout', 'logs/big.log', 'thread-dump', 'metrics']) {
      const res = await get(`/taskmanagers/${'f'.repeat(32)}/${path}`);
      assert.equal(res.statusCode, 404, path);
      assert.deepEqual(res.json(), { errors: [`Could not find TaskExecutor ${'f'.repeat(32)}.`] });
    }
  });

  test('thread dumps start with the main thread and its JavaScript stack', async () => {
    for (const url of ['/jobmanager/thread-dump', `/taskmanagers/${TM_ID}/thread-dump`]) {
      const { threadInfos } = (await get(url)).json() as { threadInfos: { threadName: string; stringifiedThreadInfo: string }[] };
      assert.equal(threadInfos[0]!.threadName, 'main');
      assert.match(threadInfos[0]!.stringifiedThreadInfo, new RegExp(`^"main" Id=${process.pid} \\w+`));
      assert.match(threadInfos[0]!.stringifiedThreadInfo, /\n\tat .*requestThreadDump/);
      if (process.platform === 'linux') assert.ok(threadInfos.length > 1, 'libuv and V8 threads are listed');
    }
  });

  test('metrics: a bare array of ids; ?get= gives values as strings, unknown ids left out', async () => {
    for (const base of ['/jobmanager/metrics', `/taskmanagers/${TM_ID}/metrics`]) {
      const ids = ((await get(base)).json() as { id: string; value?: string }[]);
      assert.ok(ids.every((m) => m.value === undefined));
      for (const id of ['Status.JVM.Memory.Heap.Used', 'Status.JVM.Memory.Heap.Max', 'Status.JVM.CPU.Load', 'Status.JVM.CPU.Time', 'Status.JVM.GarbageCollector.Scavenge.Count']) {
        assert.ok(ids.some((m) => m.id === id), `${base} lists ${id}`);
      }
      const values = (await get(`${base}?get=Status.JVM.Memory.Heap.Used,No.Such.Metric,Status.JVM.CPU.Time`)).json() as { id: string; value: string }[];
      assert.deepEqual(values.map((m) => m.id), ['Status.JVM.Memory.Heap.Used', 'Status.JVM.CPU.Time']);
      assert.ok(values.every((m) => /^\d+$/.test(m.value) && Number(m.value) > 0), JSON.stringify(values));
    }
  });

  test('log-url: built from the pattern; 404 unset, for a non-http pattern, or for an unknown job', async () => {
    const job = dispatcher.add(archivedGraph());
    const jm = await get(`/jobs/${job.jobId}/jobmanager/log-url`);
    assert.deepEqual(jm.json(), { url: `https://logs.example/jm?job=${job.jobId}` });
    const tm = await get(`/v1/jobs/${job.jobId}/taskmanagers/${TM_ID}/log-url`);
    assert.equal(tm.statusCode, 404);
    assert.deepEqual(tm.json(), { errors: ["No log URL: historyserver.log.taskmanager.url-pattern 'ftp://logs.example/<tmid>' is not an http or https URL."] });
    assert.equal((await get(`/jobs/${'0'.repeat(32)}/jobmanager/log-url`)).statusCode, 404);
    const unset = await bare.app.inject({ url: `/jobs/${job.jobId}/jobmanager/log-url` });
    assert.deepEqual(unset.json(), { errors: ['No log URL: historyserver.log.jobmanager.url-pattern is not set.'] });
    const config = new Configuration([['historyserver.log.taskmanager.url-pattern', 'http://logs/<jobid>/<tmid>/<other>']]);
    assert.deepEqual(logUrlJson(config, HistoryServerOptions.TASKMANAGER_LOG_URL_PATTERN, { jobid: 'j', tmid: 't' }), { url: 'http://logs/j/t/<other>' });
  });
});
