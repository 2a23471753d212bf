/**
 * The manifest of a zipped job package: `package.json` at the archive's root naming the bundle
 * (`main`) and the default entry point (`entryClass`), like a jar's `Main-Class`.
 */
import { posix } from 'node:path';
import { ErrorCode, SluiceError } from '../common/errors.js';

/** `package.json` of a job package. */
export interface JobPackageManifest {
  name?: string;
  version?: string;
  /** Path of the ES module bundle inside the archive. */
  main: string;
  /** Default entry point: an export with a static `main`, or a function export. */
  entryClass?: string;
}

/** Name of the manifest inside a zip. */
export const MANIFEST_ENTRY = 'package.json';

/** An INVALID_PACKAGE error about the package shown as `label`. */
export function invalidPackage(label: string, detail: string, cause?: unknown): SluiceError {
  return SluiceError.user(ErrorCode.INVALID_PACKAGE, `Invalid job package '${label}': ${detail}`, cause);
}

/** Parses and checks a manifest; `main` comes back normalized (no `./`) so it matches an entry name. */
export function parseManifest(text: string, label: string): JobPackageManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw invalidPackage(label, `${MANIFEST_ENTRY} is not valid JSON (${(err as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalidPackage(label, `${MANIFEST_ENTRY} must hold a JSON object`);
  }
  const m = json as Record<string, unknown>;
  for (const key of ['name', 'version', 'entryClass'] as const) {
    if (m[key] !== undefined && typeof m[key] !== 'string') throw invalidPackage(label, `'${key}' in ${MANIFEST_ENTRY} must be a string`);
  }
  if (typeof m.main !== 'string' || m.main.trim() === '') {
    throw invalidPackage(label, `${MANIFEST_ENTRY} has no 'main' (the path of the job's ES module bundle)`);
  }
  const main = posix.normalize(m.main);
  if (main === '..' || main.startsWith('../') || main.startsWith('/') || main.includes('\\')) {
    throw invalidPackage(label, `'main' in ${MANIFEST_ENTRY} must be a relative path inside the package, got '${m.main}'`);
  }
  return {
    ...(m.name !== undefined && { name: m.name as string }),
    ...(m.version !== undefined && { version: m.version as string }),
    main,
    ...(m.entryClass !== undefined && { entryClass: m.entryClass as string }),
  };
}
