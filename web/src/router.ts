/**
 * Hash routes, as Flink's dashboard has them (`#/overview`, `#/job/running/<jobid>/overview`, ...),
 * so users' links and habits carry over.
 */
import { useEffect, useState } from 'react';

/** The current route: the hash without `#`, split at `/` (`#/job/running/x` → ['job', 'running', 'x']). */
export function useRoute(): string[] {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onChange = (): void => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return hash.replace(/^#\/?/, '').split('/').filter((s) => s.length > 0);
}

/** The href of a route, e.g. `href('job', 'running', id)`. */
export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}
