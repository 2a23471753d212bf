/**
 * The TaskManager's cache of BlobServer files, by content hash: each blob is fetched once, in
 * chunks, verified against its key, and kept for later tasks until it is released.
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
  /** Deletions in progress: a fetch of the same key waits for them. */
  private readonly deleting = new Map<string, Promise<void>>();

  constructor(private readonly dir: string, private readonly server: () => BlobServerGateway) {}

  /** Local path of the blob, fetching it first if needed. */
  async getFile(key: string): Promise<string> {
    await this.deleting.get(key);
    const path = join(this.dir, `blob_${key}`);
    if (existsSync(path)) return Promise.resolve(path);
    let p = this.inFlight.get(key);
    if (!p) {
      p = this.fetch(key, path).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, p);
    }
    return p;
  }

  /** Deletes the cached blob and `derived` paths made from it (an unpacked package), once no task needs them. */
  delete(key: string, derived: string[] = []): Promise<void> {
    const done = Promise.all([join(this.dir, `blob_${key}`), ...derived].map((p) => rm(p, { recursive: true, force: true })))
      .then(() => undefined)
      .finally(() => this.deleting.delete(key));
    this.deleting.set(key, done);
    return done;
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
