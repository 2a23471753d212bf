/**
 * The module rules themselves (`.dependency-cruiser.cjs`, run by `npm run check:deps`): each test
 * copies the sources into a scratch directory, adds one offending file, and expects the check to
 * fail naming the broken rule. (The repository itself passing is checked by `npm test` before any test.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT, execFileAsync } from './helpers/processes.js';

const DEPCRUISE = join(ROOT, 'node_modules/.bin/depcruise');

/** Runs the dependency check on a copy of the sources plus `extra` files; returns its exit code and output. */
async function checkWith(extra: Record<string, string>): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-deps-'));
  try {
    for (const entry of ['src', 'web/src', 'bench', 'examples', 'tests/helpers', 'tsconfig.json', 'package.json', '.dependency-cruiser.cjs']) {
      cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
    }
    // Imports of packages (react, fastify) must resolve as in the repository.
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    for (const [file, text] of Object.entries(extra)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const result = await execFileAsync(DEPCRUISE, ['src', 'web/src', 'bench', 'examples', '--config', '.dependency-cruiser.cjs'], { cwd: dir }).then(
      (r) => ({ code: 0, output: r.stdout + r.stderr }),
      (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? 1, output: `${err.stdout ?? ''}${err.stderr ?? ''}` }),
    );
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the unchanged copy passes, so the failures below come from the added file', async () => {
  const { code, output } = await checkWith({});
  assert.equal(code, 0, output);
});

test('a src/ folder without a module rule fails the check', async () => {
  const { code, output } = await checkWith({ 'src/newmodule/thing.ts': 'export const thing = 1;\n' });
  assert.notEqual(code, 0, output);
  assert.match(output, /src\/newmodule has no module rule/);
});

test('each broken module rule fails the check, naming the rule and the file', async () => {
  const { code, output } = await checkWith({
    'src/dispatcher/bad.ts': "export { JobMaster } from '../jobmaster/job-master.js';\n",
    'web/src/fine.ts': "export type { JobDetails } from '../../src/rest/api-types.js';\n",
    'web/src/bad.ts': "export type { JobStatus } from '../../src/protocol/states.js';\n",
    'examples/bad.ts': "export { StreamExecutionEnvironment } from '../src/api/index.js';\n",
    'bench/bad.ts': "export { JobMaster } from '../src/jobmaster/job-master.js';\n",
  });
  assert.notEqual(code, 0, output);
  assert.match(output, /dispatcher-imports: src\/dispatcher\/bad\.ts/);
  assert.match(output, /web-imports: web\/src\/bad\.ts/);
  assert.doesNotMatch(output, /fine\.ts/, 'the Web UI may import the REST API types');
  assert.match(output, /examples-imports: examples\/bad\.ts/);
  assert.match(output, /bench-imports: bench\/bad\.ts/);
  assert.match(output, /4 dependency violations/);
});

test('the mini cluster may import the component assembly of entrypoint/, and nothing else there; the assembly imports neither', async () => {
  const { code, output } = await checkWith({
    'src/minicluster/fine.ts': "export { startTaskManager } from '../entrypoint/task-manager-components.js';\n",
    'src/minicluster/bad.ts': "export { loadConfiguration } from '../entrypoint/load-configuration.js';\n",
    'src/entrypoint/bad-components.ts': "export { MiniCluster } from '../minicluster/mini-cluster.js';\n",
  });
  assert.notEqual(code, 0, output);
  assert.doesNotMatch(output, /fine\.ts/);
  assert.match(output, /minicluster-imports: src\/minicluster\/bad\.ts → src\/entrypoint\/load-configuration\.ts/);
  assert.match(output, /component-assembly-imports: src\/entrypoint\/bad-components\.ts → src\/minicluster\/mini-cluster\.ts/);
  assert.match(output, /2 dependency violations/);
});
