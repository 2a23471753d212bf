import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageJob } from './package-job.js';
import { listProgramEntryPoints } from './plan-mode.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('entry points are listed without running main; a script-style job lists none and is still a valid package', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-entries-'));
  try {
    const classJob = join(dir, 'wordcount.mjs');
    await packageJob(join(root, 'examples/wordcount.ts'), classJob);
    const entries = await listProgramEntryPoints(classJob);
    assert.ok(entries.some((e) => e.name === 'WordCount'), JSON.stringify(entries));

    const scriptJob = join(dir, 'script.mjs');
    await packageJob(join(root, 'tests/fixtures/local/script-job.ts'), scriptJob);
    assert.deepEqual(await listProgramEntryPoints(scriptJob), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
