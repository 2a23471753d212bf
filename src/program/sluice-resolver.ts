/**
 * Lets job code `import ... from 'sluice'` wherever its bundle lies on disk, by registering a
 * resolve hook that maps `sluice` to this installation's API module.
 */
import { register } from 'node:module';
import type { SluiceResolveHookData } from './sluice-resolve-hook.js';
import { siblingModuleUrl } from './sibling-module.js';

/**
 * URL of the API module that `sluice` resolves to: the API next to this module (dist/api/index.js
 * when compiled), so the job's `sluice` is the very module instance this runtime uses and sees the
 * executor installed with `setContextExecutor`.
 */
export const sluiceApiUrl = siblingModuleUrl('../api/index', import.meta.url).href;

let installed = false;

/**
 * Registers the `sluice` resolve hook for this thread (hooks are per thread: call it in every
 * worker that imports job code). Idempotent.
 */
export function installSluiceResolver(): void {
  if (installed) return;
  const data: SluiceResolveHookData = { apiUrl: sluiceApiUrl };
  register(siblingModuleUrl('./sluice-resolve-hook', import.meta.url), { data });
  installed = true;
}
