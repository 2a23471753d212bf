#!/usr/bin/env node
// The `sluice` command: see src/entrypoint/cli.ts. The Node.js version is checked first, before
// any dependency loads, against package.json's engines.node (one place states the version).
import { readFileSync } from 'node:fs';

const required = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines.node;
if (!satisfies(process.versions.node, required)) {
  console.error(`sluice: Sluice needs Node.js ${required}; this is Node.js ${process.versions.node}`);
  process.exit(1);
}

import('../dist/entrypoint/cli.js').catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

/** Whether `version` is in `range`: alternatives (`||`) of `^x.y.z` or `>=x.y.z`, the forms engines.node uses. */
function satisfies(version, range) {
  const have = version.split('.').map(Number);
  return range.split('||').some((alternative) => {
    const m = /^\s*(\^|>=)\s*(\d+)\.(\d+)\.(\d+)\s*$/.exec(alternative);
    if (!m) throw new Error(`package.json engines.node: cannot read '${alternative.trim()}'`);
    const want = m.slice(2).map(Number);
    if (m[1] === '^' && have[0] !== want[0]) return false;
    const diff = have.map((n, i) => n - want[i]).find((d) => d !== 0) ?? 0;
    return diff >= 0;
  });
}
