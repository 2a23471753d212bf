/**
 * Hash routes, as Flink's dashboard has them (`#/overview`, `#/job/running/<jobid>/overview`, ...),
 * so users' links and habits carry over.
 */
import { useEffect, useState } from 'react';

/** The route of a hash: without `#`, split at `/` (`#/job/running/x` → ['job', 'running', 'x']). */
function routeOf(hash: string): string[] {
  return hash.replace(/^#\/?/, '').split('/').filter((s) => s.length > 0);
}

/** The route in the address bar now, which may be ahead of `useRoute`'s until its hashchange is handled. */
export function currentRoute(): string[] {
  return routeOf(window.location.hash);
}

/** The current route, re-rendering on every hashchange. */
export function useRoute(): string[] {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onChange = (): void => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return routeOf(hash);
}

/** The href of a route, e.g. `href('job', 'running', id)`. */
export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}
