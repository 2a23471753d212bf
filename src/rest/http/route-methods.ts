/**
 * Which methods each registered path answers, so that a request with a wrong method on a known
 * path gets 405 with `Allow` instead of a 404 (Fastify's router only knows "no route").
 */
import type { FastifyInstance, HTTPMethods } from 'fastify';

interface Pattern {
  segments: string[];
  methods: Set<string>;
}

/** A record of every route's path pattern and methods, filled by Fastify's `onRoute` hook. */
export class RouteMethods {
  private readonly patterns = new Map<string, Pattern>();

  /** Starts recording; call before any route is added. */
  constructor(app: FastifyInstance) {
    app.addHook('onRoute', (route) => {
      const methods: HTTPMethods[] = Array.isArray(route.method) ? route.method : [route.method];
      let pattern = this.patterns.get(route.url);
      if (pattern === undefined) {
        pattern = { segments: route.url.split('/'), methods: new Set() };
        this.patterns.set(route.url, pattern);
      }
      for (const m of methods) pattern.methods.add(m.toUpperCase());
      // Fastify answers HEAD for every GET route.
      if (pattern.methods.has('GET')) pattern.methods.add('HEAD');
    });
  }

  /** The methods some route answers for `path` (without query), sorted; empty if none. */
  allowed(path: string): string[] {
    const segments = path.split('/');
    const methods = new Set<string>();
    for (const pattern of this.patterns.values()) {
      if (matches(pattern.segments, segments)) for (const m of pattern.methods) methods.add(m);
    }
    return [...methods].sort();
  }
}

/** find-my-way's matching, reduced to what Sluice's routes use: `:param` segments and a trailing `*`. */
function matches(pattern: string[], path: string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p === '*' && i === pattern.length - 1) return true;
    const s = path[i];
    if (s === undefined) return false;
    if (p.startsWith(':') ? s === '' : p !== s) return false;
  }
  return pattern.length === path.length;
}
