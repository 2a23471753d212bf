/**
 * What a user may see of an error raised while their program ran in the JobManager's plan
 * extraction: their message and the stack frames of their own package, without the JobManager's
 * internals (Sluice's frames, Node's `node:internal` frames, and where the JobManager keeps the
 * extracted package on disk).
 */
import { pathToFileURL } from 'node:url';

/** A line of a V8 stack trace. */
const FRAME = /^\s+at\s/;

/**
 * `text` (an error message with stack traces, or a program's output) with every stack frame that is
 * not in a package extracted under `cacheDir` dropped, and the cache path of the package's bundle
 * cut down to the bundle's file name (`job.mjs:12:7`).
 */
export function withoutJobManagerInternals(text: string, cacheDir: string): string {
  const roots = [pathToFileURL(cacheDir).href, cacheDir];
  const inPackage = (line: string): boolean => roots.some((root) => line.includes(root));
  // `<root>/<sha256>/<bundle>`, with the query a self-running bundle is re-imported with (`?run=2`).
  const bundlePath = new RegExp(`(?:${roots.map(escapeRegExp).join('|')})/[0-9a-f]{64}/([^\\s:?)'"]+)(?:\\?run=\\d+)?`, 'g');
  return text
    .split('\n')
    .filter((line) => !FRAME.test(line) || inPackage(line))
    .join('\n')
    .replace(bundlePath, '$1');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
