import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runSource, type SourceContext } from './sources.js';
import { runTextFileSource } from './text-file-source.js';

const dir = mkdtempSync(join(tmpdir(), 'sluice-text-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function writeText(content: string): string {
  const path = join(dir, `file-${files++}.txt`);
  writeFileSync(path, content);
  return path;
}

/** The lines a reader must produce: split on `\n`, no empty line after a final newline, `\r` dropped. */
function expectedLines(content: string): string[] {
  if (content === '') return [];
  const lines = content.split('\n');
  if (content.endsWith('\n')) lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

function context(subtaskIndex: number, parallelism: number, lines: string[], pauses = Infinity): SourceContext {
  let left = pauses;
  return { output: { collect: (r) => lines.push(r as string) }, subtaskIndex, parallelism, pause: async () => --left >= 0, splits: [{ index: subtaskIndex, parallelism }], setPositionProvider: () => undefined };
}

/** Every subtask's lines, in subtask order. */
async function readAll(path: string, parallelism: number, readBytes?: number): Promise<string[][]> {
  const chunking = readBytes === undefined ? undefined : { readBytes, pauseBytes: readBytes };
  const result: string[][] = [];
  for (let i = 0; i < parallelism; i++) {
    const lines: string[] = [];
    await runTextFileSource(path, context(i, parallelism, lines), chunking);
    result.push(lines);
  }
  return result;
}

const CASES: Record<string, string> = {
  'trailing newline': 'one\ntwo\nthree\n',
  'no trailing newline': 'one\ntwo\nthree',
  'empty lines': '\n\na\n\nb\n\n',
  CRLF: 'alpha beta\r\ngamma\r\n\r\ndelta\r\nlast\r',
  'multi-byte characters': Array.from({ length: 40 }, (_, i) => 'é€😀ü'.repeat(i % 7) + `ß${i}`).join('\n'),
  'a line longer than the read buffer': `short\n${'long line '.repeat(30)}\nend\n`,
  'a single newline': '\n',
  'no newline at all': 'just one line',
};

for (const [name, content] of Object.entries(CASES)) {
  test(`readTextFile splits '${name}' exactly across 1..5 subtasks`, async () => {
    const path = writeText(content);
    const expected = expectedLines(content);
    for (const readBytes of [1, 3, 7, 64, undefined]) {
      for (let p = 1; p <= 5; p++) {
        // Exactly the file's lines, each once: subtask by subtask, they are the file in order.
        const perSubtask = await readAll(path, p, readBytes);
        assert.deepEqual(perSubtask.flat(), expected, `p=${p}, readBytes=${readBytes}`);
      }
    }
  });
}

test('an empty file has no lines', async () => {
  const path = writeText('');
  for (let p = 1; p <= 3; p++) assert.deepEqual((await readAll(path, p)).flat(), []);
});

test('a missing file fails with an error naming the path', async () => {
  const path = join(dir, 'does-not-exist.txt');
  await assert.rejects(runTextFileSource(path, context(0, 1, [])), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'NOT_FOUND');
    assert.match(err.message, /does-not-exist\.txt/);
    return true;
  });
});

test('the source stops when pause() says so, and runs through runSource', async () => {
  const content = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
  const path = writeText(content);
  const lines: string[] = [];
  await runTextFileSource(path, context(0, 1, lines, 0), { readBytes: 64, pauseBytes: 16 });
  assert.ok(lines.length > 0 && lines.length < 100, `stopped after the first read, got ${lines.length} lines`);
  const all: string[] = [];
  await runSource({ type: 'textFile', path }, context(0, 1, all));
  assert.deepEqual(all, expectedLines(content));
});
