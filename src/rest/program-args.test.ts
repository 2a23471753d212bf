import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitArgumentList, tokenizeArguments } from './jars/program-args.js';
import { programOptions } from './jars/run-request.js';

test('tokenizeArguments splits on whitespace and groups quoted words', () => {
  assert.deepEqual(tokenizeArguments(undefined), []);
  assert.deepEqual(tokenizeArguments('--foo bar'), ['--foo', 'bar']);
  assert.deepEqual(tokenizeArguments('  --foo   "bar baz" \'x y\'  '), ['--foo', 'bar baz', 'x y']);
  assert.deepEqual(tokenizeArguments('--name="a b" ""'), ['--name=a b', '']);
});

test('splitArgumentList splits the programArg query parameter on commas', () => {
  assert.deepEqual(splitArgumentList(undefined), []);
  assert.deepEqual(splitArgumentList(''), []);
  assert.deepEqual(splitArgumentList('--a,1,--b'), ['--a', '1', '--b']);
});

test('programOptions: the body wins, empty strings count as absent', () => {
  assert.deepEqual(programOptions({ entryClass: '', parallelism: null }, { 'entry-class': 'Q', parallelism: 3, 'program-args': '--x 1' }), {
    entryClass: 'Q', parallelism: 3, args: ['--x', '1'], config: {},
  });
  assert.deepEqual(programOptions({ programArgsList: ['--y'] }, { programArg: 'a,b' }).args, ['--y']);
  assert.throws(() => programOptions({ programArgsList: ['--y'] }, { 'program-args': '--x' }), /Confusing request/);
  assert.deepEqual(programOptions({ restoreMode: 'NO_CLAIM' }, { allowNonRestoredState: false }).config, {
    'execution.savepoint.ignore-unclaimed-state': 'false',
    'execution.state-recovery.claim-mode': 'NO_CLAIM',
  });
});
