/** Program arguments as Flink's jar run/plan requests carry them. */

/**
 * Splits Flink's legacy single-string `programArgs` on whitespace; single or double quotes group
 * words and are removed (`--input "a b"` gives `--input`, `a b`). Escaped quotes are not
 * supported, as in Flink.
 */
export function tokenizeArguments(args: string | undefined): string[] {
  if (args === undefined) return [];
  const tokens: string[] = [];
  let token: string | undefined;
  let quote: string | undefined;
  for (const ch of args) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else token += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      token ??= '';
    } else if (/\s/.test(ch)) {
      if (token !== undefined) tokens.push(token);
      token = undefined;
    } else {
      token = (token ?? '') + ch;
    }
  }
  if (token !== undefined) tokens.push(token);
  return tokens;
}

/** Splits the comma-separated `programArg` query parameter. */
export function splitArgumentList(list: string | undefined): string[] {
  return list === undefined || list === '' ? [] : list.split(',');
}
