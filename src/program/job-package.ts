/**
 * Opening a job package: an ES module bundle, or a zip/jar with a `package.json` manifest. The
 * bundle is placed in a cache directory keyed by the package's sha256 (as `job.mjs`, so Node
 * loads it as ESM whatever the upload was called), which makes loading the same package again
 * free — the JobManager's plan extraction and every task worker load the same file.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { transform } from 'esbuild';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import { MANIFEST_ENTRY, invalidPackage, parseManifest, type JobPackageManifest } from './manifest.js';
import { ZipArchive } from './zip-archive.js';

/** An opened job package, its bundle ready to import. */
export interface JobPackage {
  /** sha256 (hex) of the package file: the cache key, equal to its BlobServer key. */
  sha256: string;
  format: 'bundle' | 'zip';
  /** The zip's manifest; for a bare bundle, one naming just the bundle. */
  manifest: JobPackageManifest;
  /** The ES module to import (inside the cache). */
  bundlePath: string;
}

export interface OpenJobPackageOptions {
  /** Where extracted bundles are kept, one directory per package hash. */
  cacheDir: string;
  /** Largest bundle accepted (bytes, uncompressed); default 256 MiB. */
  maxBundleBytes?: number;
}

const DEFAULT_MAX_BUNDLE_BYTES = 256 * 1024 ** 2;
const MAX_MANIFEST_BYTES = 1024 ** 2;
const BUNDLE_FILE = 'job.mjs';
const CACHED_MANIFEST_FILE = 'manifest.json';
const ZIP_MAGIC = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')];

/** Opens the package at `path` (format told by its first bytes, not its name). Rejects with INVALID_PACKAGE or NOT_FOUND. */
export async function openJobPackage(path: string, opts: OpenJobPackageOptions): Promise<JobPackage> {
  const label = basename(path);
  const size = await fileSize(path, label);
  const sha256 = await hashFile(path);
  const dir = join(opts.cacheDir, sha256);
  const format = (await startsWithZipMagic(path)) ? 'zip' : 'bundle';
  const cached = await readCachedManifest(dir);
  if (cached) return { sha256, format, manifest: cached, bundlePath: join(dir, BUNDLE_FILE) };

  const maxBytes = opts.maxBundleBytes ?? DEFAULT_MAX_BUNDLE_BYTES;
  await mkdir(opts.cacheDir, { recursive: true });
  // Built in a private directory and renamed into place, so a concurrent loader sees all or nothing.
  const tmp = await mkdtemp(join(opts.cacheDir, `.${sha256}-`));
  try {
    const bundle = join(tmp, BUNDLE_FILE);
    const manifest = format === 'zip'
      ? await extractZipPackage(path, label, bundle, maxBytes)
      : await copyBundlePackage(path, label, size, bundle, maxBytes);
    await writeFile(join(tmp, CACHED_MANIFEST_FILE), JSON.stringify(manifest));
    await rename(tmp, dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err; // another loader won the race
    });
    return { sha256, format, manifest, bundlePath: join(dir, BUNDLE_FILE) };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function fileSize(path: string, label: string): Promise<number> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw invalidPackage(label, 'not a regular file');
    return s.size;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw SluiceError.user(ErrorCode.NOT_FOUND, `Job package '${path}' does not exist`);
    }
    throw err;
  }
}

/** sha256 (hex) of a file: a package's cache key, equal to its BlobServer key. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

async function startsWithZipMagic(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead === 4 && ZIP_MAGIC.some((m) => m.equals(buffer));
  } finally {
    await fh.close();
  }
}

async function readCachedManifest(dir: string): Promise<JobPackageManifest | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, CACHED_MANIFEST_FILE), 'utf8')) as JobPackageManifest;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Reads the manifest and streams only the bundle it names to `dest`. */
async function extractZipPackage(path: string, label: string, dest: string, maxBytes: number): Promise<JobPackageManifest> {
  let zip: ZipArchive;
  try {
    zip = await ZipArchive.open(path);
  } catch (err) {
    throw invalidPackage(label, `not a readable zip archive: ${errorMessage(err)}`, err);
  }
  try {
    const manifestEntry = zip.entries.get(MANIFEST_ENTRY);
    if (!manifestEntry) throw invalidPackage(label, `the archive has no ${MANIFEST_ENTRY} at its root (it names the bundle as 'main')`);
    if (manifestEntry.uncompressedSize > MAX_MANIFEST_BYTES) throw invalidPackage(label, `${MANIFEST_ENTRY} is larger than ${MAX_MANIFEST_BYTES} bytes`);
    const manifest = parseManifest((await zip.read(manifestEntry)).toString('utf8'), label);
    const bundleEntry = zip.entries.get(manifest.main);
    if (!bundleEntry) throw invalidPackage(label, `'main' names '${manifest.main}', which is not in the archive`);
    // yauzl checks the inflated size against this header value, so the header can be trusted.
    if (bundleEntry.uncompressedSize > maxBytes) throw invalidPackage(label, `the bundle '${manifest.main}' is larger than the limit of ${maxBytes} bytes`);
    await zip.extract(bundleEntry, dest);
    return manifest;
  } catch (err) {
    throw err instanceof SluiceError ? err : invalidPackage(label, errorMessage(err), err);
  } finally {
    zip.close();
  }
}

/** Checks that a non-zip file is an ES module (it parses) and copies it to `dest`. */
async function copyBundlePackage(path: string, label: string, size: number, dest: string, maxBytes: number): Promise<JobPackageManifest> {
  const notAPackage = (detail: string): SluiceError => SluiceError.user(ErrorCode.INVALID_PACKAGE,
    `'${label}' is not a job package (expected an ES module bundle or a zip/jar with package.json): ${detail}`);
  if (size > maxBytes) throw notAPackage(`larger than the bundle limit of ${maxBytes} bytes`);
  const source = await readFile(path);
  if (source.includes(0)) throw notAPackage('it is a binary file');
  try {
    await transform(source.toString('utf8'), { loader: 'js', format: 'esm', logLevel: 'silent' });
  } catch (err) {
    throw notAPackage(`it does not parse as JavaScript (${errorMessage(err).replace(/^Transform failed with \d+ errors?:\s*/, '')})`);
  }
  await copyFile(path, dest);
  return { main: BUNDLE_FILE };
}
