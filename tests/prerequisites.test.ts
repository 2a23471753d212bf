/**
 * A test whose part of the machine is missing skips outside CI and fails on CI
 * (tests/helpers/prerequisites.ts). Shown with the spec test, whose part (FLINK_REST_SPEC) an
 * environment variable takes away; the browser and network-namespace tests use the same helper.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers/processes.js';

/** Runs tests/flink-rest-spec.test.ts without FLINK_REST_SPEC, as a test run of its own, with `env` added. */
function runSpecTestWithoutSpec(env: Record<string, string>): { status: number | null; output: string } {
  // NODE_TEST_CONTEXT would make the child report to this runner instead of printing its own results.
  const { NODE_TEST_CONTEXT: _context, CI: _ci, FLINK_REST_SPEC: _spec, SLUICE_SCREENSHOTS: _screenshots, ...inherited } = process.env;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--test', join(ROOT, 'tests/flink-rest-spec.test.ts')], {
    cwd: ROOT, env: { ...inherited, ...env }, encoding: 'utf8', timeout: 120_000,
  });
  return { status: child.status, output: child.stdout + child.stderr };
}

test('outside CI a test whose part is missing skips, saying why', () => {
  const { status, output } = runSpecTestWithoutSpec({});
  assert.equal(status, 0, output);
  assert.match(output, /# SKIP FLINK_REST_SPEC is not set/);
  assert.match(output, /^# fail 0$/m);
});

test('on CI (CI=true) a test whose part is missing fails, naming the part', () => {
  const { status, output } = runSpecTestWithoutSpec({ CI: 'true' });
  assert.notEqual(status, 0, output);
  assert.match(output, /FLINK_REST_SPEC is not set .*; with CI=true this test must run, not skip/);
  assert.match(output, /^# skipped 0$/m);
});
