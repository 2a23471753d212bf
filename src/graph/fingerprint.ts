/** The structural fingerprint task workers compare against the graph they rebuild. */
import { createHash } from 'node:crypto';
import type { JobVertex } from '../protocol/job-graph.js';

/**
 * sha256 (hex) of the canonical JSON of the vertices: operator ids, kinds, names, parallelism
 * and edges. Job id and program arguments are not part of it, so any rebuild of the same
 * program's graph has the same fingerprint.
 */
export function fingerprint(vertices: readonly JobVertex[]): string {
  return createHash('sha256').update(canonicalJson(vertices)).digest('hex');
}

/** JSON with object keys sorted, so the text does not depend on property insertion order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
