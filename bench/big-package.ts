/**
 * A large job package for the upload benchmark: the entries of a real package (manifest and
 * bundle) plus one stored (uncompressed) entry of random bytes, written as a stream.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';

const CHUNK = 1024 ** 2;

/** Writes `out`: every entry of the package `jar` plus `fillerBytes` of incompressible filler. */
export async function writeBigPackage(jar: string, out: string, fillerBytes: number): Promise<void> {
  const source = await yauzl.openPromise(jar, { lazyEntries: true, autoClose: false });
  const zip = new yazl.ZipFile();
  const written = pipeline(zip.outputStream, createWriteStream(out));
  try {
    for await (const entry of source.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await source.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      zip.addBuffer(Buffer.concat(chunks), entry.fileName);
    }
  } finally {
    source.close();
  }
  zip.addReadStream(randomStream(fillerBytes), 'filler.bin', { compress: false, size: fillerBytes });
  zip.end();
  await written;
}

/** `bytes` random bytes, made a chunk at a time. */
function randomStream(bytes: number): Readable {
  let left = bytes;
  return new Readable({
    read() {
      const n = Math.min(CHUNK, left);
      left -= n;
      this.push(n > 0 ? randomBytes(n) : null);
    },
  });
}
