/** Renders the configuration reference (docs/configuration.md) from the option declarations. */
import type { ConfigOption } from './config-option.js';
import { ALL_OPTIONS } from './options.js';

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function defaultText(option: ConfigOption<unknown>): string {
  const v = option.defaultValue;
  if (v === '') return '(none)';
  if (option.type === 'duration') return `\`${String(v)} ms\``;
  if (option.type === 'memory' && typeof v === 'number' && v % 1024 ** 2 === 0) return `\`${v / 1024 ** 2} mb\``;
  return `\`${String(v)}\``;
}

/** The Markdown reference of every declared option, sorted by key. */
export function renderConfigurationDocs(options: readonly ConfigOption<unknown>[] = ALL_OPTIONS): string {
  const rows = [...options].sort((a, b) => a.key.localeCompare(b.key)).map((o) => {
    const type = o.values ? `enum (${o.values.join(', ')})` : o.type;
    const fallback = o.fallbackKeys.length ? ` Also accepted: ${o.fallbackKeys.map((k) => `\`${k}\``).join(', ')}.` : '';
    const notActedOn = o.notYetActedOn ? ' **Accepted, not yet acted on** (a process warns at start when it is set to another value).' : '';
    return `| \`${o.key}\` | ${type} | ${defaultText(o)} | ${cell(o.description + fallback + notActedOn)} |`;
  });
  return [
    '# Configuration reference',
    '',
    'Generated from `src/common/config/options.ts` by `npm run docs:config`; a test fails when this file is stale.',
    'Set options in `conf/config.yaml` or with `-D key=value` on any `sluice` command. Durations take units',
    '(`500 ms`, `10 s`, `1 min`), sizes too (`512 kb`, `100 mb`).',
    '',
    '| key | type | default | description |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
