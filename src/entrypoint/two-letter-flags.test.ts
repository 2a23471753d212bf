import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { rewriteTwoLetterFlags } from './two-letter-flags.js';

test('two-letter flags of the command are rewritten up to the job argument, whose arguments pass untouched', () => {
  const run = new Command('run').option('-s, --fromSavepoint <path>').option('-n, --allowNonRestoredState').option('--restoreMode <mode>').argument('<job>').argument('[args...]');
  const argv = ['node', 'sluice', 'run', '-s', '-rm', '-n', '-rm', 'claim', 'job.ts', '-rm', 'x'];
  assert.deepEqual(rewriteTwoLetterFlags(argv, run, { '-rm': '--restoreMode' }), ['node', 'sluice', 'run', '-s', '-rm', '-n', '--restoreMode', 'claim', 'job.ts', '-rm', 'x']);
  assert.deepEqual(rewriteTwoLetterFlags(['node', 'sluice', 'list', '-rm'], run, { '-rm': '--restoreMode' }), ['node', 'sluice', 'list', '-rm'], 'another command');
});
