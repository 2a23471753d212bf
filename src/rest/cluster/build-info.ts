/**
 * The version and commit Sluice reports as Flink's `flink-version` / `flink-commit`. Read once,
 * from the package.json above this module and, in a git checkout, from `.git` (plain file reads,
 * no subprocess).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the REST API says about the running build. */
export interface BuildInfo {
  version: string;
  /** Abbreviated git commit, or "unknown" outside a git checkout. */
  commit: string;
}

const UNKNOWN = 'unknown';
let cached: BuildInfo | undefined;

/** The build info of the installed package (memoized). */
export function buildInfo(): BuildInfo {
  if (cached) return cached;
  const root = sluicePackageRoot();
  const version = root ? String((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown }).version ?? UNKNOWN) : UNKNOWN;
  cached = { version, commit: root ? gitCommit(join(root, '.git')) : UNKNOWN };
  return cached;
}

/** The directory of the package.json above this module (the installed Sluice package), if any. */
export function sluicePackageRoot(): string | undefined {
  return packageRoot(dirname(fileURLToPath(import.meta.url)));
}

function packageRoot(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The short sha of HEAD from a `.git` directory (loose or packed ref); "unknown" otherwise. */
function gitCommit(gitDir: string): string {
  try {
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    const ref = /^ref: (.+)$/.exec(head)?.[1];
    const sha = ref ? resolveRef(gitDir, ref) : head;
    return sha && /^[0-9a-f]{40}$/.test(sha) ? sha.slice(0, 7) : UNKNOWN;
  } catch {
    // Not a git checkout (an installed package) or a layout we do not read (worktree file).
    return UNKNOWN;
  }
}

function resolveRef(gitDir: string, ref: string): string | undefined {
  const loose = join(gitDir, ref);
  if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
  const packed = join(gitDir, 'packed-refs');
  if (!existsSync(packed)) return undefined;
  const line = readFileSync(packed, 'utf8').split('\n').find((l) => l.endsWith(` ${ref}`));
  return line?.split(' ')[0];
}
