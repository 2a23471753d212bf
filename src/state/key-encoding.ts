/**
 * Keys of keyed state compare by value, as Flink compares serialized keys: the tuple `['a', 1]`
 * from one record is the same key as an equal tuple from the next. Primitive keys are used as
 * they are (a JS Map already compares them by value); composite keys (arrays, objects, dates)
 * become a canonical string. The string is type-tagged and self-delimiting, so two different
 * keys never share an encoding; object properties are sorted, as `hashKey` sorts them. Snapshots
 * decode it back to the key (plain arrays, objects, dates), which hashes to the same key group.
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

/**
 * The key `encodeCompositeKey` encoded: equal by value to the original (class instances come back
 * as plain objects, functions and symbols as their text) and of the same key group.
 */
export function decodeCompositeKey(encoded: string): unknown {
  const decoder = new KeyDecoder(encoded);
  const key = decoder.value();
  if (decoder.at !== encoded.length) throw new Error(`Trailing characters in an encoded key at ${decoder.at}`);
  return key;
}

class KeyDecoder {
  at = 0;

  constructor(private readonly text: string) {}

  value(): unknown {
    const tag = this.text[this.at++];
    switch (tag) {
      case 's': {
        const colon = this.text.indexOf(':', this.at);
        const length = Number(this.text.slice(this.at, colon));
        this.at = colon + 1 + length;
        return this.text.slice(colon + 1, this.at);
      }
      case 'n':
        return Number(this.until(';'));
      case 'b':
        return BigInt(this.until(';'));
      case 'd':
        return new Date(Number(this.until(';')));
      case 't':
        return true;
      case 'f':
        return false;
      case 'U':
        return undefined;
      case 'N':
        return null;
      case '[': {
        const array: unknown[] = [];
        while (this.text[this.at] !== ']') array.push(this.value());
        this.at++;
        return array;
      }
      case '{': {
        const object: Record<string, unknown> = {};
        while (this.text[this.at] !== '}') Object.defineProperty(object, this.value() as string, { value: this.value(), enumerable: true, writable: true, configurable: true });
        this.at++;
        return object;
      }
      default:
        throw new Error(`Not an encoded key: '${tag}' at ${this.at - 1}`);
    }
  }

  /** The text up to `end`, which is skipped. */
  private until(end: string): string {
    const stop = this.text.indexOf(end, this.at);
    const text = this.text.slice(this.at, stop);
    this.at = stop + 1;
    return text;
  }
}
