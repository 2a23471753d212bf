/**
 * The uploaded job packages ("jars") of this JobManager: files named `<uuid>_<original name>` in
 * the upload directory, as Flink stores them. The name alone carries the metadata, so the
 * store is rebuilt from the directory listing after a restart; entry points are then described
 * again on first use.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { ErrorCode, OverloadedError, SluiceError, errorMessage } from '../../common/errors.js';
import type { EntryPointInfo, JobPackageService } from '../../protocol/job-packages.js';

const STORED_NAME = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}_(.+)$/;
/** Uploads are written under this prefix and renamed when complete, so a crash leaves no half jar. */
const STAGING_PREFIX = '.upload-';

/** One stored package. */
export interface StoredJar {
  /** The stored file name `<uuid>_<name>`: Flink's jar id. */
  id: string;
  /** Absolute path of the stored file. */
  path: string;
  /** The file name it was uploaded with. */
  name: string;
  /** Upload time, ms since epoch. */
  uploaded: number;
}

/** A stored package with its entry points. */
export interface DescribedJar extends StoredJar {
  entries: EntryPointInfo[];
}

/** An upload being written: write to `path`, then commit or discard. */
export interface StagedJar {
  readonly path: string;
  /** Makes the written file a stored jar; rejects with BAD_REQUEST if it is no job package. */
  commit(): Promise<StoredJar>;
  /** Removes what was written. */
  discard(): Promise<void>;
}

/** The jars of one upload directory. */
export class JarStore {
  private readonly jars = new Map<string, StoredJar>();
  private readonly entries = new Map<string, Promise<EntryPointInfo[]>>();

  private constructor(
    readonly dir: string,
    private readonly packages: JobPackageService,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Opens (creating if needed) the upload directory and recovers the jars in it. */
  static async open(dir: string, packages: JobPackageService, log: FastifyBaseLogger): Promise<JarStore> {
    const store = new JarStore(resolve(dir), packages, log);
    await mkdir(store.dir, { recursive: true });
    await store.recover();
    return store;
  }

  /** Starts storing an upload named `name` (already validated by the caller). */
  stage(name: string): StagedJar {
    const id = `${randomUUID()}_${name}`;
    const staging = join(this.dir, STAGING_PREFIX + id);
    return {
      path: staging,
      commit: () => this.commit(staging, id, name),
      discard: () => rm(staging, { force: true }),
    };
  }

  /** All jars with their entry points, newest first. */
  async list(): Promise<DescribedJar[]> {
    return Promise.all(this.newestFirst().map(async (jar) => ({ ...jar, entries: await this.entriesOf(jar) })));
  }

  /**
   * The jar with stored id `jarId`, or else the newest upload whose original name is `jarId`
   * (so `POST /jars/word-count-1.0.jar/run` works as in the article). Rejects with JAR_NOT_FOUND.
   */
  resolve(jarId: string): StoredJar {
    const exact = this.jars.get(jarId);
    if (exact) return exact;
    const byName = this.newestFirst().find((j) => j.name === jarId);
    if (byName) return byName;
    throw SluiceError.user(ErrorCode.JAR_NOT_FOUND, `Jar file ${jarId} does not exist. Upload it with POST /jars/upload.`);
  }

  /** Deletes the jar with stored id `jarId`. Rejects with JAR_NOT_FOUND. */
  async delete(jarId: string): Promise<void> {
    const jar = this.jars.get(jarId);
    if (!jar) throw SluiceError.user(ErrorCode.JAR_NOT_FOUND, `File ${jarId} does not exist in ${this.dir}.`);
    this.jars.delete(jarId);
    this.entries.delete(jarId);
    await rm(jar.path, { force: true });
  }

  private async commit(staging: string, id: string, name: string): Promise<StoredJar> {
    const jar: StoredJar = { id, path: join(this.dir, id), name, uploaded: Date.now() };
    await rename(staging, jar.path);
    try {
      const description = await this.packages.describe(jar.path);
      this.entries.set(id, Promise.resolve(description.entries));
    } catch (err) {
      await rm(jar.path, { force: true });
      // A busy cluster is no fault of the package: the client may upload it again later.
      if (err instanceof OverloadedError) throw err;
      throw SluiceError.user(ErrorCode.BAD_REQUEST, errorMessage(err), err);
    }
    this.jars.set(id, jar);
    return jar;
  }

  private newestFirst(): StoredJar[] {
    // Reversed insertion order first, so the stable sort puts the later of two same-ms uploads first.
    return [...this.jars.values()].reverse().sort((a, b) => b.uploaded - a.uploaded);
  }

  /** Entry points of a jar, described once (lazily for jars recovered from disk). */
  private entriesOf(jar: StoredJar): Promise<EntryPointInfo[]> {
    let entries = this.entries.get(jar.id);
    if (!entries) {
      entries = this.packages.describe(jar.path).then((d) => d.entries, (err: unknown) => {
        // Listed without entry points for now; described again on the next listing.
        if (err instanceof OverloadedError) {
          this.entries.delete(jar.id);
          return [];
        }
        // Still listed, so the user can see and delete it.
        this.log.warn({ err, jar: jar.id }, 'Cannot describe stored job package');
        return [];
      });
      this.entries.set(jar.id, entries);
    }
    return entries;
  }

  private async recover(): Promise<void> {
    const files = await readdir(this.dir);
    const recovered: StoredJar[] = [];
    for (const file of files) {
      const path = join(this.dir, file);
      if (file.startsWith(STAGING_PREFIX)) {
        await rm(path, { force: true }); // an upload cut short by a crash
        continue;
      }
      const name = STORED_NAME.exec(file)?.[1];
      if (name === undefined) continue;
      const info = await stat(path);
      if (info.isFile()) recovered.push({ id: file, path, name, uploaded: Math.floor(info.mtimeMs) });
    }
    for (const jar of recovered.sort((a, b) => a.uploaded - b.uploaded)) this.jars.set(jar.id, jar);
  }
}
