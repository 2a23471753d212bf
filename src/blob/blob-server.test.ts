import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BlobServer } from './blob-server.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-blob-test-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('a blob is stored under its sha256, read back in chunks, and deleted with its last reference', async () => {
  const server = new BlobServer(join(dir, 'blobs'));
  await server.start();
  const file = join(dir, 'package.jar');
  await writeFile(file, 'package bytes');
  const key = await server.putFile(file);
  assert.equal(key, createHash('sha256').update('package bytes').digest('hex'));
  assert.equal(await server.getBlobSize(key), 13);
  assert.equal(Buffer.from(await server.readBlob(key, 8, 100)).toString(), 'bytes');

  const path = join(dir, 'blobs', `blob_${key}`);
  server.retain(key); // a job runs from it
  assert.equal(await server.putFile(file), key); // a second submission of the same package
  server.release(key);
  server.release(key);
  assert.ok(existsSync(path), 'still referenced by one');
  server.release(key);
  assert.ok(!existsSync(path), 'deleted with the last reference');
  await assert.rejects(server.getBlobSize(key), { code: 'BLOB_NOT_FOUND' });
});

test('invalid keys are refused', async () => {
  const server = new BlobServer(join(dir, 'blobs'));
  await assert.rejects(server.getBlobSize('../../etc/passwd'), { code: 'BAD_REQUEST' });
});
