/**
 * `npm test` runs the list of scripts/test-files.sh: every file of that list must register tests
 * (a helper named *.test.ts would "pass" with none), and every file that uses node:test must be on it
 * (a test outside the list would never run).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, execFileAsync } from './helpers/processes.js';

/** The folders that hold TypeScript of this repository (not node_modules or build output). */
const SOURCE_DIRS = ['src', 'tests', 'web/src', 'bench', 'examples', 'scripts'];

function typeScriptFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

test("npm test's list holds exactly the files that register tests", async () => {
  const { stdout } = await execFileAsync('bash', [join(ROOT, 'scripts/test-files.sh')]);
  const listed = stdout.trim().split('\n');
  assert.ok(listed.includes('tests/test-files.test.ts'), stdout);
  assert.ok(listed.includes('src/rest/jobs.test.ts'), stdout);

  const registersTests = (file: string): boolean => {
    const text = readFileSync(join(ROOT, file), 'utf8');
    return /from 'node:test'/.test(text) && /(^|\s)(test|describe|suite|it)\(/m.test(text);
  };
  assert.deepEqual(listed.filter((f) => !registersTests(f)), [], 'listed files that register no tests');
  const usesNodeTest = SOURCE_DIRS.flatMap(typeScriptFiles).filter((f) => /from 'node:test'/.test(readFileSync(join(ROOT, f), 'utf8')));
  assert.deepEqual(usesNodeTest.filter((f) => !listed.includes(f)), [], 'files using node:test that npm test does not run');
});
