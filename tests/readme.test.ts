/**
 * The README's claims that code can check: its WordCount block is `examples/wordcount.ts` (the file
 * the article's session packages), word for word from the first import on.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers/processes.js';

test("the README's WordCount block is examples/wordcount.ts", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'README.md has a ```ts block');
  const example = readFileSync(join(ROOT, 'examples/wordcount.ts'), 'utf8');
  assert.equal(block, example.slice(example.indexOf('import {')));
});
