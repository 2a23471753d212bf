/** `bin/sluice.js` checks the Node.js version against package.json's engines.node before anything else loads. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SLUICE_BIN, execFileAsync } from './helpers/processes.js';

const REQUIRED = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

/** Runs `sluice --help` as if on Node.js `version` (process.versions is replaced before the script runs). */
async function helpOn(version: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const fake = `data:text/javascript,Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '${version}' } });`;
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', fake, SLUICE_BIN, '--help']);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test('engines.node names what vite 8 (the Web UI build) needs', () => {
  assert.equal(REQUIRED, '^20.19.0 || >=22.12.0');
});

for (const version of ['20.6.0', '20.18.3', '21.7.3', '22.11.0']) {
  test(`Node.js ${version} is refused with one line and exit code 1`, async () => {
    const { code, stdout, stderr } = await helpOn(version);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.equal(stderr, `sluice: Sluice needs Node.js ${REQUIRED}; this is Node.js ${version}\n`);
  });
}

for (const version of ['20.19.0', '22.12.0', '24.1.0']) {
  test(`Node.js ${version} runs the command`, async () => {
    const { code, stdout } = await helpOn(version);
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: sluice/);
  });
}
