import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ErrorCode } from '../common/errors.js';
import { openJobPackage } from './job-package.js';
import { packageJob } from './package-job.js';
import { importJobModule } from './program-runner.js';

const WORD_COUNT = fileURLToPath(new URL('../../tests/fixtures/jobs/word-count.ts', import.meta.url));

describe('packageJob', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'sluice-package-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  it('bundles a job into one ES module that keeps sluice external', async () => {
    const out = await packageJob(WORD_COUNT, join(dir, 'word-count.js'));
    assert.equal(out.format, 'bundle');
    const code = await readFile(out.path, 'utf8');
    assert.match(code, /from "sluice"/);
    assert.match(code, /Tokenizer = class/, 'the local import is bundled');
    const pkg = await openJobPackage(out.path, { cacheDir: join(dir, 'cache') });
    assert.equal(pkg.format, 'bundle');
    assert.equal(await readFile(pkg.bundlePath, 'utf8'), code);
  });

  it('zips the bundle with a manifest into a jar, reproducibly', async () => {
    const first = await packageJob(WORD_COUNT, join(dir, 'a', 'word-count.jar'), { entryClass: 'WordCount' });
    const second = await packageJob(WORD_COUNT, join(dir, 'b', 'word-count.jar'), { entryClass: 'WordCount' });
    assert.equal(first.format, 'zip');
    assert.deepEqual(await readFile(first.path), await readFile(second.path));
    const pkg = await openJobPackage(first.path, { cacheDir: join(dir, 'cache') });
    assert.equal(pkg.format, 'zip');
    assert.deepEqual(pkg.manifest, { name: 'word-count', version: '0.0.0', main: 'job.mjs', entryClass: 'WordCount' });
    assert.match(await readFile(pkg.bundlePath, 'utf8'), /WordCount = class/);
  });

  it("bundles the job's own npm dependencies, CommonJS ones included", async () => {
    const project = join(dir, 'project');
    await mkdir(join(project, 'node_modules', 'shout'), { recursive: true });
    await writeFile(join(project, 'node_modules', 'shout', 'index.js'),
      "const { basename } = require('node:path');\nmodule.exports = (s) => basename('/x/' + s).toUpperCase();\n");
    await writeFile(join(project, 'job.ts'),
      "import shout from 'shout';\nimport { StreamExecutionEnvironment } from 'sluice';\n" +
      'export const greeting: string = shout("hello");\nexport const env = typeof StreamExecutionEnvironment;\n');
    const out = await packageJob(join(project, 'job.ts'), join(dir, 'with-deps.mjs'));
    const module = await importJobModule(out.path);
    assert.equal(module.greeting, 'HELLO');
    assert.equal(module.env, 'function', 'sluice resolves to the API');
  });

  it('rejects a missing entry file', async () => {
    await assert.rejects(packageJob(join(dir, 'nope.ts'), join(dir, 'nope.js')), { code: ErrorCode.NOT_FOUND });
  });

  it("reports esbuild's message for code that does not compile", async () => {
    const broken = join(dir, 'broken.ts');
    await writeFile(broken, 'export const x = ;\n');
    await assert.rejects(packageJob(broken, join(dir, 'broken.jar')), (err: Error & { code: string }) => {
      assert.equal(err.code, ErrorCode.INVALID_PROGRAM);
      assert.match(err.message, /broken\.ts:1:\d+: ERROR: Unexpected ";"/);
      return true;
    });
  });

  it('rejects an output it cannot name the format of, and an entryClass without a manifest', async () => {
    await assert.rejects(packageJob(WORD_COUNT, join(dir, 'job.tar')), { code: ErrorCode.BAD_REQUEST });
    await assert.rejects(packageJob(WORD_COUNT, join(dir, 'job.mjs'), { entryClass: 'WordCount' }), { code: ErrorCode.BAD_REQUEST });
  });
});
