/**
 * Stored file names of uploaded packages: `<uuid>_<encoded name>`. The encoding keeps letters,
 * digits, `.`, `-` and `_` and writes every other byte of the name's UTF-8 as `~XX` (hex), so the
 * stored name (the jar id, used in URLs, logs and pages) holds no quotes, angle brackets, spaces
 * or `%`, and the uploaded name can still be read back from it after a restart.
 */

const SAFE = /^[A-Za-z0-9._-]$/;
const ENCODED = /^(?:[A-Za-z0-9._-]|~[0-9A-F]{2})*$/;

/** The stored form of an uploaded file name. */
export function encodeStoredName(name: string): string {
  let out = '';
  for (const char of name) {
    if (SAFE.test(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The uploaded name of a stored one, or undefined if `stored` is not in the stored form. */
export function decodeStoredName(stored: string): string | undefined {
  if (!ENCODED.test(stored)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < stored.length; i++) {
    if (stored[i] === '~') {
      bytes.push(Number.parseInt(stored.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(stored.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
