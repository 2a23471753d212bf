import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack, unpack } from 'msgpackr';
import { BasePathBucketAssigner, DateTimeBucketAssigner } from '../api/bucket-assigners.js';
import { OutputFileConfig, SimpleStringEncoder } from '../api/file-sink-config.js';
import { FileSink } from '../api/file-sink.js';
import type { TaskInfo } from '../api/functions.js';
import { DefaultRollingPolicy, OnCheckpointRollingPolicy } from '../api/rolling-policies.js';
import type { CommitRequest, Sink, SinkWriter } from '../api/sink-v2.js';
import { SinkWriterOperator } from './sink-writer-operator.js';
import type { OperatorStateSnapshot } from './stream-operator.js';

const info = (attempt = 0): TaskInfo => ({
  getJobId: () => 'job',
  getTaskName: () => 'Sink: Writer',
  getIndexOfThisSubtask: () => 0,
  getNumberOfParallelSubtasks: () => 1,
  getMaxNumberOfParallelSubtasks: () => 128,
  getAttemptNumber: () => attempt,
});

function fileSink(dir: string, policy = OnCheckpointRollingPolicy.build<string>()): Sink<string> {
  return FileSink.forRowFormat<string>(dir, new SimpleStringEncoder()).withBucketAssigner(new BasePathBucketAssigner()).withRollingPolicy(policy).build();
}

/** A started operator over `sink`, restored from `snapshot` (as a state file would carry it) if given. */
async function started(sink: Sink<string>, snapshot?: OperatorStateSnapshot, attempt = 0): Promise<SinkWriterOperator> {
  const op = new SinkWriterOperator(sink as never, () => undefined);
  op.initializeState(snapshot && (unpack(pack(snapshot)) as OperatorStateSnapshot));
  await op.open(info(attempt));
  return op;
}

/** The visible part files' lines, in part order. */
function visible(dir: string): string[] {
  const parts = readdirSync(dir).filter((f) => !f.startsWith('.')).sort((a, b) => Number(a.split('-').at(-1)) - Number(b.split('-').at(-1)));
  return parts.flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean));
}

const hidden = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith('.'));
const tmp = (): string => mkdtempSync(join(tmpdir(), 'file-sink-'));

test('without checkpoints the parts are committed at the end of input, under Flink\'s part names', async () => {
  const dir = tmp();
  const op = await started(fileSink(dir));
  for (const r of ['a', 'b', 'c']) op.processElement(r);
  assert.deepEqual(visible(dir), []);
  await op.finish();
  await op.close();
  assert.deepEqual(visible(dir), ['a', 'b', 'c']);
  assert.deepEqual(hidden(dir), []);
  assert.match(readdirSync(dir)[0]!, /^part-[0-9a-f-]{36}-0-0$/);
});

test('a part becomes visible only when the checkpoint that took it completes', async () => {
  const dir = tmp();
  const op = await started(fileSink(dir));
  op.processElement('a');
  op.snapshotState(1);
  assert.deepEqual(visible(dir), [], 'pending, not committed');
  assert.equal(hidden(dir).length, 1);
  op.processElement('b');
  op.snapshotState(2);
  op.notifyCheckpointComplete(1);
  await op.close();
  assert.deepEqual(visible(dir), ['a'], 'checkpoint 2 has not completed');
});

test('a restore commits its checkpoint\'s committables and drops what was written after it', async () => {
  const dir = tmp();
  const first = await started(fileSink(dir));
  first.processElement('a');
  const one = first.snapshotState(1)!;
  first.notifyCheckpointComplete(1);
  first.processElement('b');
  const two = first.snapshotState(2)!; // completed, but the notification is lost in the failure
  first.processElement('c'); // after checkpoint 2: will be replayed
  first.snapshotState(3); // never completes
  first.processElement('d');
  await first.close();
  assert.deepEqual(visible(dir), ['a']);

  const second = await started(fileSink(dir), two, 1);
  assert.deepEqual(visible(dir), ['a', 'b'], 'checkpoint 2 committed on restore');
  assert.deepEqual(hidden(dir), [], 'the parts written after checkpoint 2 are gone');
  for (const r of ['c', 'd']) second.processElement(r);
  await second.finish();
  await second.close();
  assert.deepEqual(visible(dir), ['a', 'b', 'c', 'd'], 'every record exactly once');

  // Restoring the older checkpoint again commits nothing twice (its committable is already visible).
  const third = await started(fileSink(dir), one, 2);
  await third.close();
  assert.deepEqual(visible(dir), ['a', 'b', 'c', 'd']);
});

test('the default rolling policy rolls by size; the output file config names the parts', async () => {
  const dir = tmp();
  const policy = DefaultRollingPolicy.builder().withMaxPartSize(3).build<string>();
  const sink = FileSink.forRowFormat<string>(dir, new SimpleStringEncoder()).withBucketAssigner(new BasePathBucketAssigner()).withRollingPolicy(policy)
    .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix('out').withPartSuffix('.txt').build()).build();
  const op = await started(sink);
  for (const r of ['aa', 'bb', 'cc']) op.processElement(r);
  await op.finish();
  const files = readdirSync(dir).sort();
  assert.equal(files.length, 3, files.join());
  for (const f of files) assert.match(f, /^out-.*-0-\d\.txt$/);
});

test('DateTimeBucketAssigner names a directory per hour (yyyy-MM-dd--HH) by default', () => {
  const at = Date.UTC(2026, 11, 3, 7, 5, 9);
  assert.equal(new DateTimeBucketAssigner<string>(undefined, true).getBucketId('x', { currentProcessingTime: () => at }), '2026-12-03--07');
  assert.equal(new DateTimeBucketAssigner<string>('yyyy/MM/dd/HHmmss', true).getBucketId('x', { currentProcessingTime: () => at }), '2026/12/03/070509');
  assert.throws(() => new DateTimeBucketAssigner<string>(''), /date format/);
});

test('a user committer\'s retries are committed with the next checkpoint; an unknown failure fails the sink', async () => {
  const seen: string[] = [];
  let mode: 'retry' | 'ok' | 'unknown' = 'retry';
  const sink = {
    createWriter: (): SinkWriter<string> & { prepareCommit(): string[] } => {
      let buffered: string[] = [];
      return { write: (e: string) => void buffered.push(e), flush: () => undefined, close: () => undefined, prepareCommit: () => [buffered.splice(0).join('+')].filter(Boolean) };
    },
    createCommitter: () => ({
      commit: (requests: CommitRequest<string>[]) => {
        for (const r of requests) {
          if (mode === 'retry') r.retryLater();
          else if (mode === 'unknown') r.signalFailedWithUnknownReason(new Error('broken store'));
          else seen.push(`${r.getCommittable()}#${r.getNumberOfRetries()}`);
        }
      },
      close: () => undefined,
    }),
  };
  const op = await started(sink as unknown as Sink<string>);
  op.processElement('a');
  op.snapshotState(1);
  op.notifyCheckpointComplete(1);
  await new Promise((r) => setImmediate(r));
  mode = 'ok';
  op.processElement('b');
  op.snapshotState(2);
  op.notifyCheckpointComplete(2);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(seen.sort(), ['a#1', 'b#0']);
  mode = 'unknown';
  op.processElement('c');
  op.snapshotState(3);
  op.notifyCheckpointComplete(3);
  await new Promise((r) => setImmediate(r));
  assert.throws(() => op.processElement('d'), /Sink: Writer \(1\/1\) failed: broken store/);
});

test('sinkTo refuses what is not a Sink', async () => {
  const { StreamExecutionEnvironment } = await import('../api/index.js');
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  assert.throws(() => env.fromElements(1).sinkTo({} as never), /sinkTo needs a Sink/);
  assert.throws(() => FileSink.forRowFormat('', new SimpleStringEncoder()), /base path/);
  assert.throws(() => new SimpleStringEncoder('latin1'), /UTF-8 only/);
});
