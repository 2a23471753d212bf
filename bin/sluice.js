#!/usr/bin/env node
// The `sluice` command: see src/entrypoint/cli.ts.
import('../dist/entrypoint/cli.js').catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
