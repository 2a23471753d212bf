/** writeAsText at run time: one file at parallelism 1, a directory of `1..p` otherwise, write modes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskInfo } from '../api/index.js';
import { WriteMode } from '../api/index.js';
import { TextFileSinkOperator } from './text-file-sink.js';

const info = (index: number, parallelism: number): TaskInfo => ({
  getJobId: () => 'job',
  getTaskName: () => 'Sink: Unnamed',
  getIndexOfThisSubtask: () => index,
  getNumberOfParallelSubtasks: () => parallelism,
  getMaxNumberOfParallelSubtasks: () => 128,
  getAttemptNumber: () => 0,
});

async function write(path: string, records: unknown[], index = 0, parallelism = 1, mode: WriteMode = WriteMode.NO_OVERWRITE): Promise<void> {
  const sink = new TextFileSinkOperator(path, mode);
  await sink.open(info(index, parallelism));
  try {
    for (const r of records) sink.processElement(r);
    sink.finish();
  } finally {
    await sink.close();
  }
}

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-text-sink-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test('parallelism 1 writes the path itself, one line per record in print format', withDir(async (dir) => {
  const path = join(dir, 'out.txt');
  await write(path, ['plain', ['hello', 1], { a: 1 }, 3.5]);
  assert.equal(readFileSync(path, 'utf8'), 'plain\n(hello,1)\n{"a":1}\n3.5\n');
}));

test('parallel subtasks write files 1..p in the directory the path names', withDir(async (dir) => {
  const path = join(dir, 'out');
  await Promise.all([write(path, ['a', 'b'], 0, 2), write(path, ['c'], 1, 2)]);
  assert.deepEqual(readdirSync(path).sort(), ['1', '2']);
  assert.equal(readFileSync(join(path, '1'), 'utf8'), 'a\nb\n');
  assert.equal(readFileSync(join(path, '2'), 'utf8'), 'c\n');
}));

test('NO_OVERWRITE fails on an existing file and names it; OVERWRITE replaces files and directories', withDir(async (dir) => {
  const file = join(dir, 'exists.txt');
  writeFileSync(file, 'old\n');
  await assert.rejects(write(file, ['new']), { code: 'TASK_FAILED', message: /^Sink: Unnamed \(1\/1\) cannot write '.*exists\.txt': File or directory already exists/ });
  await write(file, ['new'], 0, 1, WriteMode.OVERWRITE);
  assert.equal(readFileSync(file, 'utf8'), 'new\n');

  const parallelDir = join(dir, 'parallel');
  mkdirSync(parallelDir);
  writeFileSync(join(parallelDir, '2'), 'old\n');
  await write(parallelDir, ['one'], 0, 2);
  await assert.rejects(write(parallelDir, ['two'], 1, 2), { message: /parallel[/\\]2': File or directory already exists/ });
  await write(parallelDir, ['two'], 1, 2, WriteMode.OVERWRITE);
  assert.equal(readFileSync(join(parallelDir, '2'), 'utf8'), 'two\n');

  await assert.rejects(write(file, ['x'], 0, 2), { message: /File or directory already exists/ }, 'a file where the directory should be');
  await write(parallelDir, ['single'], 0, 1, WriteMode.OVERWRITE);
  assert.equal(readFileSync(parallelDir, 'utf8'), 'single\n', 'OVERWRITE replaces a directory by the single file');
}));
