/**
 * Reading zip archives (job packages) with yauzl: listing entries and streaming entries out.
 * yauzl itself rejects entry names that escape the archive (absolute, `..`, and — with
 * `strictFileNames` — backslashes), so every name held here is a safe relative path.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

/** An open zip archive. Call `close()` when done. */
export class ZipArchive {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    /** File entries (directories left out) by name. */
    readonly entries: ReadonlyMap<string, yauzl.Entry>,
  ) {}

  /** Opens a zip and reads its central directory. Rejects corrupt archives, unsafe or duplicate names. */
  static async open(path: string): Promise<ZipArchive> {
    const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: true });
    try {
      const entries = new Map<string, yauzl.Entry>();
      for await (const entry of zip.eachEntry()) {
        if (entry.fileName.endsWith('/')) continue;
        // Two entries with one name would let a checker and a loader see different files.
        if (entries.has(entry.fileName)) throw new Error(`duplicate entry name: ${entry.fileName}`);
        entries.set(entry.fileName, entry);
      }
      return new ZipArchive(zip, entries);
    } catch (err) {
      zip.close();
      throw err;
    }
  }

  /** The content of a (small) entry. Sizes are checked against the header by yauzl while inflating. */
  async read(entry: yauzl.Entry): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** Streams an entry into a file. */
  async extract(entry: yauzl.Entry, dest: string): Promise<void> {
    await pipeline(await this.zip.openReadStreamPromise(entry), createWriteStream(dest));
  }

  close(): void {
    this.zip.close();
  }
}
