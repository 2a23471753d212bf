/**
 * The uploaded job packages ("jars") of this JobManager: files named `<uuid>_<name>` in the upload
 * directory, as Flink stores them (the name in the safe form of stored-name.ts). The name alone
 * carries the metadata, so the store is rebuilt from the directory listing after a restart; entry
 * points are then described again on first use. The store is bounded in count and bytes: past
 * either bound an upload removes the least recently used package that no running job was started
 * from, or is refused if every package is in use.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { WebOptions } from '../../common/config/options.js';
import { ErrorCode, OverloadedError, SluiceError, errorMessage } from '../../common/errors.js';
import type { JobId } from '../../common/ids.js';
import type { EntryPointInfo, JobPackageDescription, JobPackageService } from '../../protocol/job-packages.js';
import { JarUses } from './jar-uses.js';
import { decodeStoredName, encodeStoredName } from './stored-name.js';

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
  /** Size of the file in bytes. */
  size: number;
}

/** What the store needs besides its directory. */
export interface JarStoreOptions {
  packages: JobPackageService;
  log: FastifyBaseLogger;
  /** `web.upload.max-jars`. */
  maxJars: number;
  /** `web.upload.max-total-size`. */
  maxTotalBytes: number;
  /** Whether a job still runs (has not reached a globally terminal state). */
  jobRuns(jobId: JobId): Promise<boolean>;
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
  private readonly uses: JarUses;
  /** Admissions one at a time, so two uploads do not both take the last free room. */
  private admissions: Promise<unknown> = Promise.resolve();

  private constructor(readonly dir: string, private readonly opts: JarStoreOptions) {
    this.uses = new JarUses(opts.jobRuns);
  }

  /** Opens (creating if needed) the upload directory and recovers the jars in it. */
  static async open(dir: string, opts: JarStoreOptions): Promise<JarStore> {
    const store = new JarStore(resolve(dir), opts);
    await mkdir(store.dir, { recursive: true });
    await store.recover();
    return store;
  }

  /** Starts storing an upload named `name` (already validated by the caller). */
  stage(name: string): StagedJar {
    const id = `${randomUUID()}_${encodeStoredName(name)}`;
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

  /**
   * Marks `jar` used now and keeps it from being removed to make room until the returned function
   * is called (a run or plan request works with it).
   */
  use(jar: StoredJar): () => void {
    return this.uses.use(jar.id);
  }

  /** Job `jobId` was started from `jar`: the jar is not removed to make room while the job runs. */
  startedJob(jar: StoredJar, jobId: JobId): void {
    this.uses.startedJob(jar.id, jobId);
  }

  /** Deletes the jar with stored id `jarId`. Rejects with JAR_NOT_FOUND. */
  async delete(jarId: string): Promise<void> {
    const jar = this.jars.get(jarId);
    if (!jar) throw SluiceError.user(ErrorCode.JAR_NOT_FOUND, `File ${jarId} does not exist in ${this.dir}.`);
    this.jars.delete(jarId);
    this.entries.delete(jarId);
    this.uses.remove(jarId);
    await rm(jar.path, { force: true });
  }

  private async commit(staging: string, id: string, name: string): Promise<StoredJar> {
    const path = join(this.dir, id);
    await rename(staging, path);
    try {
      const jar: StoredJar = { id, path, name, uploaded: Date.now(), size: (await stat(path)).size };
      const { entries } = await this.describeUpload(path);
      const admitted = this.admissions.then(() => this.admit(jar));
      this.admissions = admitted.catch(() => undefined);
      await admitted;
      this.entries.set(id, Promise.resolve(entries));
      return jar;
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
  }

  /** Entry points of a new upload; rejects with BAD_REQUEST if it is no job package. */
  private async describeUpload(path: string): Promise<JobPackageDescription> {
    try {
      return await this.opts.packages.describe(path);
    } catch (err) {
      // A busy cluster is no fault of the package: it may be uploaded again later.
      if (err instanceof OverloadedError) throw err;
      throw SluiceError.user(ErrorCode.BAD_REQUEST, errorMessage(err), err);
    }
  }

  /** Adds `jar`, first removing the least recently used idle jars while it would not fit. */
  private async admit(jar: StoredJar): Promise<void> {
    const { maxJars, maxTotalBytes } = this.opts;
    if (jar.size > maxTotalBytes) {
      throw SluiceError.user(ErrorCode.PAYLOAD_TOO_LARGE, `The uploaded file '${jar.name}' (${jar.size} bytes) is larger than ${WebOptions.UPLOAD_MAX_TOTAL_SIZE.key} (${maxTotalBytes} bytes), the room for all stored jars.`);
    }
    const fits = (): boolean => this.jars.size < maxJars && this.totalBytes() + jar.size <= maxTotalBytes;
    while (!fits()) {
      const idle = await this.uses.leastRecentlyUsedIdle();
      if (idle === undefined) {
        throw SluiceError.user(ErrorCode.UPLOAD_STORAGE_FULL, `Cannot store '${jar.name}': the stored jars reach ${WebOptions.UPLOAD_MAX_JARS.key} (${maxJars}) or ${WebOptions.UPLOAD_MAX_TOTAL_SIZE.key} (${maxTotalBytes} bytes), and every one is in use by a running job or a request. Delete one (DELETE /jars/:jarid) or upload again once their jobs have ended.`);
      }
      this.opts.log.info({ jar: idle }, `Removing the least recently used jar ${idle} to make room for an upload`);
      await this.delete(idle);
    }
    this.add(jar);
  }

  private add(jar: StoredJar): void {
    this.jars.set(jar.id, jar);
    this.uses.add(jar.id);
  }

  private totalBytes(): number {
    let total = 0;
    for (const jar of this.jars.values()) total += jar.size;
    return total;
  }

  private newestFirst(): StoredJar[] {
    // Reversed insertion order first, so the stable sort puts the later of two same-ms uploads first.
    return [...this.jars.values()].reverse().sort((a, b) => b.uploaded - a.uploaded);
  }

  /** Entry points of a jar, described once (lazily for jars recovered from disk). */
  private entriesOf(jar: StoredJar): Promise<EntryPointInfo[]> {
    let entries = this.entries.get(jar.id);
    if (!entries) {
      entries = this.opts.packages.describe(jar.path).then((d) => d.entries, (err: unknown) => {
        // Listed without entry points for now; described again on the next listing.
        if (err instanceof OverloadedError) {
          this.entries.delete(jar.id);
          return [];
        }
        // Still listed, so the user can see and delete it.
        this.opts.log.warn({ err, jar: jar.id }, 'Cannot describe stored job package');
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
      const stored = STORED_NAME.exec(file)?.[1];
      if (stored === undefined) continue;
      const info = await stat(path);
      // Names stored before they were encoded are shown as they are.
      const name = decodeStoredName(stored) ?? stored;
      if (info.isFile()) recovered.push({ id: file, path, name, uploaded: Math.floor(info.mtimeMs), size: info.size });
    }
    for (const jar of recovered.sort((a, b) => a.uploaded - b.uploaded)) this.add(jar);
  }
}
