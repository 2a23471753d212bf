import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';
import { ErrorCode } from '../common/errors.js';
import { openJobPackage } from './job-package.js';
import { packageJob } from './package-job.js';

const WORD_COUNT = fileURLToPath(new URL('../../tests/fixtures/jobs/word-count.ts', import.meta.url));

/** Writes a zip of the given entries (names as yazl accepts them). */
async function writeZip(path: string, entries: Record<string, string>): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(entries)) zip.addBuffer(Buffer.from(content), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  await writeFile(path, Buffer.concat(chunks));
}

describe('openJobPackage', () => {
  let dir: string;
  let cacheDir: string;
  let jar: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-open-'));
    cacheDir = join(dir, 'cache');
    jar = (await packageJob(WORD_COUNT, join(dir, 'word-count.jar'), { entryClass: 'WordCount' })).path;
  });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  const rejectsWith = (path: string, pattern: RegExp) =>
    assert.rejects(openJobPackage(path, { cacheDir }), (err: Error & { code: string }) => {
      assert.equal(err.code, ErrorCode.INVALID_PACKAGE);
      assert.match(err.message, pattern);
      return true;
    });

  it('extracts a zip once per content hash, whatever the file is called', async () => {
    const renamed = join(dir, 'upload-without-extension');
    await copyFile(jar, renamed);
    const first = await openJobPackage(jar, { cacheDir });
    const second = await openJobPackage(renamed, { cacheDir });
    assert.equal(second.format, 'zip', 'detected by magic bytes, not by name');
    assert.equal(second.bundlePath, first.bundlePath);
    assert.equal(second.sha256, first.sha256);
    assert.deepEqual(await readdir(cacheDir), [first.sha256], 'no temporary directories left behind');
  });

  it('rejects zip entries that escape the archive', async () => {
    // yazl refuses to write such names, so write a same-length safe name and patch the bytes.
    const evil = join(dir, 'evil.zip');
    await writeZip(evil, { 'package.json': '{"main":"job.mjs"}', 'job.mjs': 'export {}', 'aa/evil.mjs': 'x' });
    const bytes = await readFile(evil);
    await writeFile(evil, Buffer.from(bytes.toString('latin1').replaceAll('aa/evil.mjs', '../evil.mjs'), 'latin1'));
    await rejectsWith(evil, /invalid relative path: \.\.\/evil\.mjs/);
  });

  it('rejects a zip without manifest, or whose manifest names no bundle in it', async () => {
    const noManifest = join(dir, 'no-manifest.zip');
    await writeZip(noManifest, { 'job.mjs': 'export {}' });
    await rejectsWith(noManifest, /has no package\.json/);
    const noBundle = join(dir, 'no-bundle.jar');
    await writeZip(noBundle, { 'package.json': '{"main":"./dist/job.mjs"}' });
    await rejectsWith(noBundle, /'main' names 'dist\/job\.mjs', which is not in the archive/);
    const badMain = join(dir, 'bad-main.jar');
    await writeZip(badMain, { 'package.json': '{"main":"../job.mjs"}' });
    await rejectsWith(badMain, /must be a relative path inside the package/);
  });

  it('rejects files that are neither a zip nor an ES module', async () => {
    const text = join(dir, 'notes.js');
    await writeFile(text, 'These are not the droids you are looking for.\n');
    await rejectsWith(text, /'notes\.js' is not a job package \(expected an ES module bundle or a zip\/jar with package\.json\)/);
    const binary = join(dir, 'image.jar');
    await writeFile(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    await rejectsWith(binary, /'image\.jar' is not a job package/);
  });

  it('rejects a bundle over the size limit', async () => {
    await assert.rejects(openJobPackage(jar, { cacheDir: join(dir, 'small-cache'), maxBundleBytes: 100 }), /larger than the limit of 100 bytes/);
  });

  it('reports a missing file as not found', async () => {
    await assert.rejects(openJobPackage(join(dir, 'missing.jar'), { cacheDir }), { code: ErrorCode.NOT_FOUND });
  });
});
