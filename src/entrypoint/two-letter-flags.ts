/**
 * Flink's CLI has two-letter short flags (`run -rm claim`), which commander cannot declare (a
 * short flag is one letter): they are rewritten to their long names before parsing. Only the
 * command's own options are rewritten, up to its first positional argument (the job), so the
 * job's arguments pass through untouched.
 */
import type { Command } from 'commander';

/**
 * `argv` (process.argv) with `flags` (two-letter flag -> long flag) of subcommand `command`
 * rewritten; `command` tells which of its options take a value.
 */
export function rewriteTwoLetterFlags(argv: readonly string[], command: Command, flags: Readonly<Record<string, string>>): string[] {
  const at = argv.indexOf(command.name());
  if (at !== 2) return [...argv];
  const out = argv.slice(0, at + 1);
  for (let i = at + 1; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--' || !token.startsWith('-')) return [...out, ...argv.slice(i)];
    const flag = flags[token] ?? token;
    out.push(flag);
    const option = command.options.find((o) => o.short === flag || o.long === flag);
    if (option !== undefined && (option.required || option.optional) && i + 1 < argv.length) out.push(argv[++i]!);
  }
  return out;
}
