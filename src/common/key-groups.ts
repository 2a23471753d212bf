/**
 * Key groups (design.md §4): a key's hash picks one of `maxParallelism` key groups; each subtask
 * of a keyed operator owns a contiguous range of them, so keyed state can be redistributed when
 * parallelism changes. The math matches Flink's KeyGroupRangeAssignment.
 */

/** A deterministic 32-bit hash of a JS value (Java's hashCode conventions where they exist). */
export function hashKey(key: unknown): number {
  // Strings first: a `switch (typeof key)` costs a call to V8's Typeof builtin per record.
  if (typeof key === 'string') return stringHash(key);
  switch (typeof key) {
    case 'number':
      return Number.isInteger(key) && key >= -2147483648 && key <= 2147483647 ? key | 0 : stringHash(String(key));
    case 'boolean':
      return key ? 1231 : 1237;
    case 'bigint':
      return stringHash(key.toString());
    case 'undefined':
      return 0;
    case 'object':
      if (key === null) return 0;
      if (Array.isArray(key)) {
        let h = 1;
        for (const e of key) h = (Math.imul(31, h) + hashKey(e)) | 0;
        return h;
      }
      if (key instanceof Date) return hashKey(key.getTime());
      return objectHash(key as Record<string, unknown>);
    default:
      return stringHash(String(key));
  }
}

function stringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

function objectHash(o: Record<string, unknown>): number {
  let h = 1;
  for (const k of Object.keys(o).sort()) h = (Math.imul(31, h) + (stringHash(k) ^ hashKey(o[k]))) | 0;
  return h;
}

/** Flink's MathUtils.murmurHash: spreads a hash code, result in [0, 2^31). */
export function murmurHash(code: number): number {
  let h = Math.imul(code, 0xcc9e2d51);
  h = (h << 15) | (h >>> 17);
  h = Math.imul(h, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  h ^= 4;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  if (h >= 0) return h;
  return h !== -2147483648 ? -h : 0;
}

/** The key group of a key. */
export function assignToKeyGroup(key: unknown, maxParallelism: number): number {
  return murmurHash(hashKey(key)) % maxParallelism;
}

/** The subtask that owns a key group. */
export function operatorIndexForKeyGroup(maxParallelism: number, parallelism: number, keyGroup: number): number {
  return Math.floor((keyGroup * parallelism) / maxParallelism);
}

/** The subtask that owns a key. */
export function assignKeyToParallelOperator(key: unknown, maxParallelism: number, parallelism: number): number {
  return operatorIndexForKeyGroup(maxParallelism, parallelism, assignToKeyGroup(key, maxParallelism));
}
