/**
 * The Web UI: the built single-page app (`dist/web`, made by `npm run build`) served at `/`.
 * Its routes are hash routes, so the server only serves `index.html` and the asset files.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { ErrorCode, SluiceError } from '../common/errors.js';
import { sluicePackageRoot } from './cluster/build-info.js';

/** Where the build puts the Web UI, or undefined outside a Sluice package. */
export function webUiDir(): string | undefined {
  const root = sluicePackageRoot();
  return root ? join(root, 'dist', 'web') : undefined;
}

/** Serves the UI from `dir`; without a build there, `/` says how to make one. */
export async function installWebUi(app: FastifyInstance, dir: string | undefined = webUiDir()): Promise<void> {
  if (dir && existsSync(join(dir, 'index.html'))) {
    // Files are listed once at start (wildcard: false), so unknown paths fall through to the REST 404.
    await app.register(fastifyStatic, { root: dir, wildcard: false, index: 'index.html', schemaHide: true });
    return;
  }
  app.get('/', { schema: { hide: true } }, async () => {
    throw SluiceError.user(ErrorCode.NOT_FOUND, `The Web UI is not built (no ${dir ?? 'dist/web'}): run npm run build.`);
  });
}
