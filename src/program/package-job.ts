/**
 * `sluice package`: bundles a job's entry file (TS or JS) and its npm dependencies into one ES
 * module with esbuild, either as the bare bundle or zipped with a manifest. `sluice` itself stays
 * external — the cluster provides its own API, like Flink's `provided` scope — so a job file
 * anywhere on disk, with no node_modules of its own, packages the same way.
 */
import { createWriteStream } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { build } from 'esbuild';
import yazl from 'yazl';
import { ErrorCode, SluiceError, errorMessage } from '../common/errors.js';
import { MANIFEST_ENTRY, type JobPackageManifest } from './manifest.js';

export interface PackageJobOptions {
  /** Default entry point written to the manifest (zip/jar output only). */
  entryClass?: string;
  /** Manifest `name`; default: the entry file's base name. */
  name?: string;
  /** Manifest `version`; default `0.0.0`. */
  version?: string;
}

/** What `packageJob` wrote. */
export interface PackagedJob {
  path: string;
  format: 'bundle' | 'zip';
  bytes: number;
}

/** Name of the bundle inside zips we build. */
const BUNDLE_ENTRY = 'job.mjs';
/** Fixed entry times (DOS format only, so no time zone leaks in) make the output reproducible. */
const ZIP_ENTRY_OPTIONS = { mtime: new Date(1980, 0, 1), forceDosTimestamp: true, mode: 0o100644 };
// Bundled CommonJS dependencies call `require` (for node builtins); ESM has none, so provide one.
const REQUIRE_SHIM = "import { createRequire as __sluiceCreateRequire } from 'node:module';\nconst require = __sluiceCreateRequire(import.meta.url);";

/**
 * Bundles `entryFile` into `outFile`: `.js`/`.mjs` gives the bundle itself, `.jar`/`.zip` a zip with
 * `job.mjs` and a `package.json` manifest. Rejects with NOT_FOUND, BAD_REQUEST or INVALID_PROGRAM
 * (carrying esbuild's messages).
 */
export async function packageJob(entryFile: string, outFile: string, opts: PackageJobOptions = {}): Promise<PackagedJob> {
  const format = outputFormat(outFile);
  if (format === 'bundle' && opts.entryClass !== undefined) {
    throw SluiceError.user(ErrorCode.BAD_REQUEST, `A default entryClass needs a .jar or .zip output (a bare bundle has no manifest): ${outFile}`);
  }
  const bundle = await bundleJob(resolve(entryFile));
  await mkdir(dirname(resolve(outFile)), { recursive: true });
  if (format === 'bundle') {
    await writeFile(outFile, bundle);
    return { path: outFile, format, bytes: bundle.length };
  }
  const manifest: JobPackageManifest = {
    name: opts.name ?? basename(entryFile, extname(entryFile)),
    version: opts.version ?? '0.0.0',
    main: BUNDLE_ENTRY,
    ...(opts.entryClass !== undefined && { entryClass: opts.entryClass }),
  };
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), MANIFEST_ENTRY, ZIP_ENTRY_OPTIONS);
  zip.addBuffer(bundle, BUNDLE_ENTRY, ZIP_ENTRY_OPTIONS);
  zip.end();
  const out = createWriteStream(outFile);
  await pipeline(zip.outputStream, out);
  return { path: outFile, format, bytes: out.bytesWritten };
}

function outputFormat(outFile: string): PackagedJob['format'] {
  const ext = extname(outFile).toLowerCase();
  if (ext === '.js' || ext === '.mjs') return 'bundle';
  if (ext === '.jar' || ext === '.zip') return 'zip';
  throw SluiceError.user(ErrorCode.BAD_REQUEST, `Cannot tell the package format from '${outFile}': use .js or .mjs (a bundle), or .jar or .zip (a zip with a manifest)`);
}

async function bundleJob(entryFile: string): Promise<Buffer> {
  try {
    await access(entryFile);
  } catch {
    throw SluiceError.user(ErrorCode.NOT_FOUND, `Job entry file '${entryFile}' does not exist`);
  }
  try {
    const result = await build({
      entryPoints: [entryFile],
      // Paths in the bundle's comments are relative to this: the same output from any cwd.
      absWorkingDir: dirname(entryFile),
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external: ['sluice', 'sluice/*'],
      banner: { js: REQUIRE_SHIM },
      write: false,
      logLevel: 'silent',
    });
    return Buffer.from(result.outputFiles[0]!.contents);
  } catch (err) {
    throw SluiceError.user(ErrorCode.INVALID_PROGRAM, `Could not bundle the job '${entryFile}': ${errorMessage(err)}`, err);
  }
}
