/**
 * Bad input on the data plane (issue 12): a hand-written client connects to a real TaskManager's
 * data port and sends garbage, a truncated frame, a frame before HELLO, a batch for a channel the
 * TaskManager does not hold, and a batch for a task that ended there. Each time the TaskManager
 * closes that connection and logs one warning naming the peer and the reason; it stays up, and a
 * job running on the cluster at the same time (shuffling across both TaskManagers) finishes
 * with correct results.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import { newId } from '../src/common/ids.js';
import { BufferKind } from '../src/network/buffer-kind.js';
import { encodeCredit, encodeDataHeader, encodeHello } from '../src/network/tcp/frame-encoder.js';
import type { DataMessage } from '../src/network/task-messages.js';
import { ROOT, TestCluster, packageJob, waitFor, type SluiceProcess } from './helpers/processes.js';
import { lastCounts } from './helpers/slow-count.js';

const cluster = new TestCluster(['cluster.evenly-spread-out-slots=true']);
let jarId: string;
const taskManagers: SluiceProcess[] = [];

before(async () => {
  const jar = join(cluster.workDir, 'failover.jar');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/failover.ts'), jar);
  await cluster.startJobManager();
  taskManagers.push(await cluster.startTaskManager(1, true, {}, ['taskmanager.resource-id=tm-a']));
  taskManagers.push(await cluster.startTaskManager(1, true, {}, ['taskmanager.resource-id=tm-b']));
  jarId = await cluster.uploadJar(jar);
});

after(async () => {
  await cluster.stop();
});

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** The JSON log lines a process wrote to stderr. */
function logLines(p: SluiceProcess): LogLine[] {
  return p.stderr.split('\n').flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

/** Opens a connection to `port`, writes `chunks` (then ends its side with `end`), and waits for the TaskManager to close it. */
async function sendUntilClosed(port: number, chunks: Buffer[], end = false): Promise<{ localPort: number }> {
  const socket = connect({ host: '127.0.0.1', port });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('error', () => undefined);
  socket.on('data', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const localPort = socket.localPort!;
  for (const c of chunks) socket.write(c);
  if (end) socket.end();
  await closed;
  return { localPort };
}

/** Waits for the one warning that names the client's connection, and returns it. */
async function closeWarning(tm: SluiceProcess, localPort: number, reason: RegExp): Promise<LogLine> {
  const ofPeer = (): LogLine[] => logLines(tm).filter((l) => l.level === 40 && String(l.peer).endsWith(`:${localPort}`));
  const [line] = await waitFor(`a warning about the connection from port ${localPort}`, () => (ofPeer().length > 0 ? ofPeer() : undefined), 10_000);
  assert.equal(ofPeer().length, 1, 'one log line per closed connection');
  assert.match(line!.msg, /^Closed the data connection from /);
  assert.match(line!.msg, new RegExp(`127\\.0\\.0\\.1:${localPort}`), 'the peer address is named');
  assert.match(String(line!.reason), reason);
  assert.equal(tm.child.exitCode, null, `${tm.name} is still running`);
  return line!;
}

function dataFrame(msg: DataMessage): Buffer {
  return Buffer.concat([encodeDataHeader(msg), msg.bytes]);
}

/** A record batch of no records: the buffer-kind byte, then an empty msgpack array. */
const EMPTY_BATCH = Uint8Array.from([BufferKind.RECORD_BATCH, 0x90]);

interface Job {
  state: string;
  vertices: { name: string; parallelism: number; tasks: Record<string, number> }[];
}

test('bad input closes only its connection, logs the peer and the reason, and a running job finishes correctly', { timeout: 180_000 }, async () => {
  const out = join(cluster.workDir, 'slow-count');
  const jobId = await cluster.runJar(jarId, { entryClass: 'SlowCountBesideQuickPrint', parallelism: 2, programArgsList: ['24000', '2000', out] });
  // The quick pipeline's tasks end while the slow one keeps both slots.
  const quick = await waitFor('the quick pipeline to finish while the job runs', async () => {
    const job = await cluster.getJson<Job>(`/jobs/${jobId}`);
    const done = job.vertices.filter((v) => v.tasks.FINISHED === v.parallelism);
    return job.state === 'RUNNING' && done.length > 0 && job.vertices.some((v) => v.tasks.RUNNING! > 0) ? done : undefined;
  }, 60_000);
  const ended = taskManagers.flatMap((tm) => logLines(tm).filter((l) => l.jobId === jobId && typeof l.taskName === 'string' && quick.some((v) => l.taskName === v.name)).map((l) => ({ tm, line: l })))[0];
  assert.ok(ended, 'a TaskManager logged the deployment of a finished task');
  const tm = ended.tm;
  const started = logLines(tm).find((l) => l.msg === 'TaskManager started');
  const port = Number(started?.dataPort);
  assert.ok(port > 0, 'the TaskManager logged its data port');
  const intruder = { taskManagerId: 'intruder', round: 0 };

  // Not our protocol at all: an HTTP request reads as an absurd frame length.
  let c = await sendUntilClosed(port, [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')]);
  await closeWarning(tm, c.localPort, /declared frame length \d+ exceeds the maximum/);

  // A frame that stops halfway, then the client ends the stream.
  const half = dataFrame({ t: 'data', jobId, to: newId(), toAllocation: newId(), edge: '1-2', from: 0, bytes: EMPTY_BATCH });
  c = await sendUntilClosed(port, [encodeHello({ ...intruder, jobId }), half.subarray(0, 20)], true);
  let line = await closeWarning(tm, c.localPort, /ended inside a frame/);
  assert.match(line.msg, new RegExp(`TaskManager intruder .* for job ${jobId}`), 'after HELLO, the peer TaskManager and job are named');

  c = await sendUntilClosed(port, [encodeCredit({ t: 'credit', jobId, to: newId(), toAllocation: newId(), edge: '1-2', channel: 0, credits: 1 })]);
  await closeWarning(tm, c.localPort, /CREDIT frame before HELLO/);

  const otherJob = newId();
  const allocation = newId();
  c = await sendUntilClosed(port, [encodeHello({ ...intruder, jobId: otherJob }), dataFrame({ t: 'data', jobId: otherJob, to: newId(), toAllocation: allocation, edge: '1-2', from: 0, bytes: EMPTY_BATCH })]);
  line = await closeWarning(tm, c.localPort, new RegExp(`unknown channel: slot allocation ${allocation} is not held by job ${otherJob}`));
  assert.equal(line.taskManagerId, 'intruder');
  assert.equal(line.jobId, otherJob);

  const attempt = String(ended.line.executionAttemptId);
  c = await sendUntilClosed(port, [encodeHello({ ...intruder, jobId }), dataFrame({ t: 'data', jobId, to: attempt, toAllocation: String(ended.line.allocationId), edge: '1-2', from: 0, bytes: EMPTY_BATCH })]);
  await closeWarning(tm, c.localPort, new RegExp(`a batch for task attempt ${attempt} .*which has ended here`));
  assert.equal((await cluster.getJson<Job>(`/jobs/${jobId}`)).state, 'RUNNING', 'the job ran while the bad input came');

  const job = await cluster.waitForJobEnd(jobId, 120_000);
  assert.equal(job.state, 'FINISHED', cluster.output());
  const counts = lastCounts(out);
  assert.deepEqual([...counts.entries()].sort((a, b) => a[0] - b[0]), [0, 1, 2, 3, 4, 5, 6, 7].map((k) => [k, 3000]), 'every key counted exactly once');
  for (const p of taskManagers) assert.equal(p.child.exitCode, null, `${p.name} is still running`);
  assert.equal(await cluster.taskManagerCount(), 2);
});
