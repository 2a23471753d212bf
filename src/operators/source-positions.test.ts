/**
 * Replayable sources resume exactly: a position taken at any await of the source (a pause, a
 * read, a rate-limit sleep), round-tripped through msgpack, restores a fresh run that emits
 * exactly what the first run had not emitted yet; after a rescale, the old subtasks' positions
 * handed to the new subtasks make them emit exactly what was left.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Packr, Unpackr } from 'msgpackr';
import type { SourceSpec } from '../api/stream-graph.js';
import { recordedSplits, type SourceSplit } from './source-splits.js';
import { runSource, type SourceContext } from './sources.js';
import { runTextFileSource } from './text-file-source.js';

const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false });
const roundTrip = (value: unknown): unknown => unpackr.unpack(packr.pack(value));

const dir = mkdtempSync(join(tmpdir(), 'sluice-source-positions-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

type Run = (ctx: SourceContext) => Promise<void>;

/**
 * A source context whose pauses yield to the event loop, as the task's do (and say stop after
 * `pauses` of them); it reads the splits of `restoredPosition`, else its own share.
 */
function context(out: unknown[], subtaskIndex: number, parallelism: number, restoredPosition?: unknown, pauses = Infinity): SourceContext & { provider?: () => unknown } {
  let left = pauses;
  const ctx: SourceContext & { provider?: () => unknown } = {
    output: { collect: (r) => out.push(r) },
    subtaskIndex,
    parallelism,
    pause: () => new Promise((resolve) => setImmediate(() => resolve(--left >= 0))),
    splits: recordedSplits(restoredPosition, subtaskIndex, parallelism),
    setPositionProvider: (provider) => {
      assert.equal(ctx.provider, undefined, 'a source registers its position once');
      ctx.provider = provider;
    },
  };
  return ctx;
}

/**
 * Runs the source while sampling its position at every turn of the event loop (each one finds the
 * source awaiting), then restores a run from every sample: what was emitted before the sample plus
 * what the restored run emits must be the uninterrupted output.
 */
async function checkResumes(run: Run, subtaskIndex: number, parallelism: number, restoredPosition?: unknown): Promise<number> {
  const full: unknown[] = [];
  const sampled = context(full, subtaskIndex, parallelism, restoredPosition);
  const samples: [position: unknown, emitted: number][] = [];
  let running = true;
  const sample = (): void => {
    if (!running) return;
    const last = samples.at(-1);
    if (sampled.provider !== undefined && (last?.[1] !== full.length || last[0] !== sampled.provider())) samples.push([roundTrip(sampled.provider()), full.length]);
    setImmediate(sample);
  };
  setImmediate(sample);
  await run(sampled);
  running = false;
  assert.notEqual(sampled.provider, undefined, 'the source registered a position');
  for (const [position, emitted] of samples) {
    const rest: unknown[] = [];
    await run(context(rest, subtaskIndex, parallelism, position));
    assert.deepEqual([...full.slice(0, emitted), ...rest], full, `resumed from ${JSON.stringify(position)} after ${emitted} records`);
  }
  return samples.length;
}

const source = (spec: SourceSpec): Run => (ctx) => runSource(spec, ctx);

test('fromElements resumes at the next element of its subtask', async () => {
  const elements = Array.from({ length: 30_000 }, (_, i) => ({ i }));
  for (const [index, parallelism] of [[0, 1], [1, 3]] as const) {
    assert.ok((await checkResumes(source({ type: 'elements', elements }), index, parallelism)) > 0);
  }
});

test('fromSequence resumes at the next value of its range', async () => {
  for (const [index, parallelism] of [[0, 1], [2, 3]] as const) {
    assert.ok((await checkResumes(source({ type: 'sequence', from: 5, to: 20_000 }), index, parallelism)) > 0);
  }
});

test('DataGeneratorSource resumes at the next index, rate limited or not', async () => {
  const generator = (i: number): string => `event-${i}`;
  assert.ok((await checkResumes(source({ type: 'generator', generator, count: 12_000 }), 1, 2)) > 0);
  const limited = await checkResumes(source({ type: 'generator', generator, count: 40, recordsPerSecond: 2000 }), 0, 1);
  assert.ok(limited > 0, 'positions were taken while the source slept for its rate limit');
});

test('a restored rate-limited generator starts at its position', async () => {
  const out: unknown[] = [];
  await runSource({ type: 'generator', generator: (i: number) => i, count: 10, recordsPerSecond: 1000 }, context(out, 0, 1, 7));
  assert.deepEqual(out, [7, 8, 9]);
});

let files = 0;
function writeText(content: string): string {
  const path = join(dir, `file-${files++}.txt`);
  writeFileSync(path, content);
  return path;
}

const TEXT = Array.from({ length: 60 }, (_, i) => (i % 7 === 3 ? '' : `${'é€😀'.repeat(i % 4)}line ${i}${i % 5 === 0 ? '\r' : ''}`)).join('\n');

test('readTextFile resumes at the byte offset of its first line not yet emitted, at pauses and reads alike', async () => {
  for (const content of [TEXT, `${TEXT}\n`, `${'x'.repeat(100)}\nshort\n${'y'.repeat(50)}`]) {
    const path = writeText(content);
    for (const [readBytes, pauseBytes] of [[7, 5], [16, 1000], [64, 10]]) {
      const run: Run = (ctx) => runTextFileSource(path, ctx, { readBytes, pauseBytes });
      for (const [index, parallelism] of [[0, 1], [1, 3], [2, 3]] as const) assert.ok((await checkResumes(run, index, parallelism)) > 0);
    }
  }
});

test('a text file restored at a line start emits that line (the newline before it is no partial line)', async () => {
  const path = writeText('first\nsecond\nthird\n');
  const out: unknown[] = [];
  await runTextFileSource(path, context(out, 0, 1, 'first\n'.length));
  assert.deepEqual(out, ['second', 'third']);
});

test('a source refuses a position it did not write', () => {
  for (const position of ['abc', [{ index: 0 }], [{ index: 0, parallelism: 1, position: 'x' }]]) assert.throws(() => recordedSplits(position, 0, 1), { code: 'ILLEGAL_STATE' });
});

/**
 * Runs `run` at parallelism `from`, each subtask stopped after `pauses` pauses, hands each old
 * subtask's position round-robin to the subtasks of parallelism `to` (as the JobMaster does) and
 * runs those to their end: together both runs emit every record of a single uninterrupted run
 * exactly once. A restored run of several splits resumes exactly too.
 */
async function checkRescales(run: Run, from: number, to: number, pauses: number): Promise<void> {
  const full: unknown[] = [];
  await run(context(full, 0, 1));
  const emitted: unknown[] = [];
  const positions: unknown[] = [];
  for (let k = 0; k < from; k++) {
    const ctx = context(emitted, k, from, undefined, pauses);
    await run(ctx);
    positions.push(roundTrip(ctx.provider!()));
  }
  for (let i = 0; i < to; i++) {
    const splits: SourceSplit[] = positions.flatMap((position, k) => (k % to === i ? recordedSplits(position, k, from) : []));
    const ctx = context(emitted, i, to, splits);
    await run(ctx);
    assert.deepEqual(ctx.provider!(), [], 'a subtask that read its splits to their end records none left');
  }
  const key = (r: unknown): string => JSON.stringify(r);
  assert.deepEqual(emitted.map(key).sort(), full.map(key).sort(), `${from} → ${to} after ${pauses} pauses`);
}

test('after a rescale, the old subtasks\' remaining input is read exactly once (p2→p3, p3→p1, p1→p4)', async () => {
  const elements = Array.from({ length: 20_000 }, (_, i) => ({ i }));
  const path = writeText(TEXT);
  const runs: Run[] = [
    source({ type: 'elements', elements }),
    source({ type: 'sequence', from: 3, to: 30_000 }),
    source({ type: 'generator', generator: (i: number) => i, count: 25_000 }),
    (ctx) => runTextFileSource(path, ctx, { readBytes: 16, pauseBytes: 40 }),
  ];
  for (const run of runs) {
    for (const [from, to] of [[2, 3], [3, 1], [1, 4]] as const) for (const pauses of [0, 1, 3]) await checkRescales(run, from, to, pauses);
  }
});

test('a subtask reading several splits resumes exactly from any position it took', async () => {
  const splits: SourceSplit[] = [{ index: 2, parallelism: 3, position: 16_000 }, { index: 0, parallelism: 3 }];
  assert.ok((await checkResumes(source({ type: 'sequence', from: 0, to: 20_000 }), 0, 1, splits)) > 1);
});

test('a source without splits ends at once and records none', async () => {
  const out: unknown[] = [];
  const ctx = context(out, 2, 3, []);
  await runSource({ type: 'sequence', from: 0, to: 100 }, ctx);
  assert.deepEqual([out, ctx.provider!()], [[], []]);
});
