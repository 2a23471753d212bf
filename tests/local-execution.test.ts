/**
 * Local execution as users start it, in child processes on the built package: a job file run
 * directly with tsx (script style and class style) and `sluice run --local`. Each job runs on an
 * embedded mini cluster; printed output appears on the process's stdout.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, SLUICE_BIN, execFileAsync } from './helpers/processes.js';

const FIXTURES = join(ROOT, 'tests/fixtures/local');
const TSX = ['--import', 'tsx'];

/** Runs node with `args` in the repository (so `sluice` resolves to this package) and returns its output. */
async function node(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return execFileAsync(process.execPath, args, { cwd: ROOT, timeout: 60_000 });
}

test('a script-style job file run with tsx collects its results on an embedded mini cluster', async () => {
  const { stdout } = await node([...TSX, join(FIXTURES, 'script-job.ts'), 'to be or not to be', 'to do']);
  assert.deepEqual(JSON.parse(stdout), { be: 2, do: 1, not: 1, or: 1, to: 3 });
});

test("a class-style job file that calls its own main prints through the TaskManager's stdout", async () => {
  const { stdout } = await node([...TSX, join(FIXTURES, 'class-job.ts'), '1', '2', '3']);
  assert.deepEqual(stdout.trim().split('\n').sort(), ['2', '4', '6', 'finished Doubler']);
});

test('sluice run --local runs examples/wordcount.ts and prints its counts', async () => {
  const { stdout } = await node([SLUICE_BIN, 'run', '--local', join(ROOT, 'examples/wordcount.ts')]);
  assert.equal(stdout, '(hello,1)\n(world,1)\n(hello,2)\n(flink,1)\n');
  const withArgs = await node([SLUICE_BIN, 'run', '--local', '-p', '2', join(ROOT, 'examples/wordcount.ts'), 'b a', 'b']);
  assert.deepEqual(withArgs.stdout.trim().split('\n').map((l) => l.replace(/^\d> /, '')).sort(), ['(a,1)', '(b,1)', '(b,2)']);
});

test('sluice run --local reports a failing job with its root cause and exits 1', async () => {
  await assert.rejects(node([SLUICE_BIN, 'run', '--local', '-c', 'Throws', join(FIXTURES, 'jobs.ts')]), (err: Error & { code: number; stderr: string }) => {
    assert.equal(err.code, 1);
    assert.match(err.stderr, /sluice: .*Map.* \(1\/1\) failed: cannot double 7/);
    return true;
  });
});
