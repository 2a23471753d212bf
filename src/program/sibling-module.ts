/** Locating our own modules at run time, whether compiled (dist, `.js`) or run from sources under tsx (`.ts`). */
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The module at `relativePath` (written without extension) from `baseUrl`, with the base's extension. */
export function siblingModuleUrl(relativePath: string, baseUrl: string): URL {
  return new URL(`${relativePath}${extname(fileURLToPath(baseUrl))}`, baseUrl);
}

/** Whether `baseUrl` is a TypeScript source (so children must be started with tsx). */
export function isTypeScriptSource(baseUrl: string): boolean {
  return extname(fileURLToPath(baseUrl)) === '.ts';
}
