/**
 * Module resolve hook (loaded by `module.register`, runs on Node's hooks thread): maps the bare
 * specifiers `sluice` and `sluice/api` to the API module of the running Sluice installation. Job
 * bundles keep them external, and live in a cache directory with no node_modules to find them in.
 */

/** What `installSluiceResolver` passes to `register`. */
export interface SluiceResolveHookData {
  apiUrl: string;
}

type NextResolve = (specifier: string, context: unknown) => unknown;

let apiUrl = '';

export function initialize(data: SluiceResolveHookData): void {
  apiUrl = data.apiUrl;
}

export function resolve(specifier: string, context: unknown, nextResolve: NextResolve): unknown {
  // Resolving the API's URL down the chain (not short-circuiting) lets the default resolver, or a
  // loader like tsx when running from sources, attach the module format.
  const isSluice = specifier === 'sluice' || specifier === 'sluice/api';
  return nextResolve(isSluice ? apiUrl : specifier, context);
}
