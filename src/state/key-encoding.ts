/**
 * Keys of keyed state compare by value, as Flink compares serialized keys: the tuple `['a', 1]`
 * from one record is the same key as an equal tuple from the next. Primitive keys are used as
 * they are (a JS Map already compares them by value); composite keys (arrays, objects, dates)
 * become a canonical string. The string is type-tagged and self-delimiting, so two different
 * keys never share an encoding; object properties are sorted, as `hashKey` sorts them.
 */

/** Whether `key` needs `encodeCompositeKey` to compare by value. */
export function isCompositeKey(key: unknown): key is object {
  return typeof key === 'object' && key !== null;
}

/** The canonical encoding of a composite key (see the module comment). */
export function encodeCompositeKey(key: object): string {
  return encode(key);
}

function encode(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `s${value.length}:${value}`;
    case 'number':
      return `n${value};`;
    case 'bigint':
      return `b${value};`;
    case 'boolean':
      return value ? 't' : 'f';
    case 'undefined':
      return 'U';
    case 'object':
      if (value === null) return 'N';
      if (Array.isArray(value)) {
        let s = '[';
        for (let i = 0; i < value.length; i++) s += encode(value[i]);
        return `${s}]`;
      }
      if (value instanceof Date) return `d${value.getTime()};`;
      return encodeObject(value as Record<string, unknown>);
    default:
      // Functions and symbols have no value to compare: their text is the best available.
      return encode(String(value));
  }
}

function encodeObject(o: Record<string, unknown>): string {
  let s = '{';
  for (const k of Object.keys(o).sort()) s += encode(k) + encode(o[k]);
  return `${s}}`;
}
