/**
 * The TaskManager's cache of BlobServer files, by content hash: each blob is fetched once, in
 * chunks, verified against its key, and kept for later tasks.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import type { BlobServerGateway } from '../protocol/gateways.js';

const CHUNK = 1024 * 1024;

export class BlobCache {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly dir: string, private readonly server: () => BlobServerGateway) {}

  /** Local path of the blob, fetching it first if needed. */
  getFile(key: string): Promise<string> {
    const path = join(this.dir, `blob_${key}`);
    if (existsSync(path)) return Promise.resolve(path);
    let p = this.inFlight.get(key);
    if (!p) {
      p = this.fetch(key, path).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, p);
    }
    return p;
  }

  private async fetch(key: string, path: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const server = this.server();
    const size = await server.getBlobSize(key);
    const tmp = join(this.dir, `incoming_${newId()}`);
    const hash = createHash('sha256');
    const fh = await open(tmp, 'w');
    try {
      for (let offset = 0; offset < size; ) {
        const chunk = await server.readBlob(key, offset, CHUNK);
        if (chunk.byteLength === 0) throw new SluiceError(ErrorCode.BLOB_NOT_FOUND, `Blob ${key} ended early at ${offset} of ${size} bytes`);
        hash.update(chunk);
        await fh.write(chunk, 0, chunk.byteLength, offset);
        offset += chunk.byteLength;
      }
    } finally {
      await fh.close();
    }
    if (hash.digest('hex') !== key) {
      await rm(tmp, { force: true });
      throw new SluiceError(ErrorCode.BLOB_NOT_FOUND, `Blob ${key} arrived corrupted (hash mismatch)`);
    }
    await rename(tmp, path);
    return path;
  }
}
