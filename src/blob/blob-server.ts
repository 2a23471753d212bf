/**
 * The BlobServer: a content-addressed (sha256) file store for job packages. Files live under the
 * JobManager's blob dir; TaskManagers read them in chunks over RPC and cache them.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { newId } from '../common/ids.js';
import type { BlobServerGateway } from '../protocol/gateways.js';
import type { BlobService } from '../protocol/job-packages.js';

const KEY_PATTERN = /^[0-9a-f]{64}$/;
/** Largest chunk one readBlob call returns, to keep RPC frames small. */
export const MAX_BLOB_CHUNK = 4 * 1024 * 1024;

/** Stores blobs under `dir/blob_<sha256>`. */
export class BlobServer implements BlobServerGateway, BlobService {
  /** References per key (submissions in progress and running jobs); unreferenced blobs are deleted. */
  private readonly references = new Map<string, number>();

  constructor(private readonly dir: string) {}

  /** Creates the storage directory. */
  async start(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
  }

  async putFile(path: string): Promise<string> {
    const tmp = join(this.dir, `incoming_${newId()}`);
    const hash = createHash('sha256');
    try {
      await pipeline(createReadStream(path), async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          hash.update(chunk);
          yield chunk;
        }
      }, createWriteStream(tmp));
      const key = hash.digest('hex');
      // Referenced before it is in place, so a release of the same blob cannot delete the new file.
      this.retain(key);
      try {
        await rename(tmp, this.pathOf(key));
      } catch (err) {
        this.release(key);
        throw err;
      }
      return key;
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async getBlobSize(key: string): Promise<number> {
    const path = this.pathOf(key);
    try {
      return (await stat(path)).size;
    } catch {
      throw new SluiceError(ErrorCode.BLOB_NOT_FOUND, `No blob ${key} on this BlobServer`, { kind: 'external' });
    }
  }

  async readBlob(key: string, offset: number, length: number): Promise<Uint8Array> {
    const size = await this.getBlobSize(key);
    const n = Math.max(0, Math.min(length, MAX_BLOB_CHUNK, size - offset));
    const buf = Buffer.alloc(n);
    const fh = await open(this.pathOf(key), 'r');
    try {
      await fh.read(buf, 0, n, offset);
    } finally {
      await fh.close();
    }
    return buf;
  }

  retain(key: string): void {
    this.references.set(key, (this.references.get(key) ?? 0) + 1);
  }

  release(key: string): void {
    const left = (this.references.get(key) ?? 0) - 1;
    if (left > 0) {
      this.references.set(key, left);
      return;
    }
    this.references.delete(key);
    // Synchronous, so no put of the same content can slip in between the check and the delete.
    rmSync(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw SluiceError.user(ErrorCode.BAD_REQUEST, `Invalid blob key '${key}'`);
    return join(this.dir, `blob_${key}`);
  }
}
