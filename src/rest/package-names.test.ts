import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packageNameProblem } from './jars/jar-upload.js';

test('job package names: the four package extensions, no paths, no control characters', () => {
  for (const ok of ['word-count-1.0.jar', 'job.ZIP', 'bundle.js', 'bundle.mjs', 'with space.jar']) assert.equal(packageNameProblem(ok), undefined, ok);
  assert.match(packageNameProblem('')!, /no name/);
  assert.match(packageNameProblem('../evil.jar')!, /path separators/);
  assert.match(packageNameProblem('dir\\evil.jar')!, /path separators/);
  assert.match(packageNameProblem('bad\u0000.jar')!, /control characters/);
  assert.match(packageNameProblem('line\nbreak.jar')!, /control characters/);
  assert.match(packageNameProblem('job.tar.gz')!, /\.jar, \.zip, \.js or \.mjs/);
  assert.match(packageNameProblem(`${'x'.repeat(300)}.jar`)!, /longer than/);
});
