import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderConfigurationDocs } from './config-docs.js';
import { ALL_OPTIONS } from './options.js';

test('docs/configuration.md is generated from the declarations and up to date', () => {
  const committed = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
  assert.equal(committed, renderConfigurationDocs(), 'run `npm run docs:config`');
  for (const o of ALL_OPTIONS) assert.ok(committed.includes(`\`${o.key}\``), o.key);
});
