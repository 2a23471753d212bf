import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EXECUTION_STATES, TERMINAL_EXECUTION_STATES } from '../protocol/states.js';
import { nextExecutionState } from './execution-state-transitions.js';

test("a subtask's normal life follows the table", () => {
  const path = ['CREATED', 'SCHEDULED', 'DEPLOYING', 'INITIALIZING', 'RUNNING', 'FINISHED'] as const;
  for (let i = 1; i < path.length; i++) assert.equal(nextExecutionState(path[i - 1], path[i]), path[i]);
});

test('a terminal state is final', () => {
  for (const from of TERMINAL_EXECUTION_STATES) {
    for (const to of EXECUTION_STATES) assert.equal(nextExecutionState(from, to), undefined, `${from} -> ${to}`);
  }
});

test('a duplicate is refused', () => {
  for (const state of EXECUTION_STATES) assert.equal(nextExecutionState(state, state), undefined, state);
});

test('CANCELING goes only to CANCELED; a late report of a running task is refused', () => {
  for (const late of ['SCHEDULED', 'DEPLOYING', 'INITIALIZING', 'RUNNING'] as const) assert.equal(nextExecutionState('CANCELING', late), undefined, late);
  assert.equal(nextExecutionState('CANCELING', 'CANCELED'), 'CANCELED');
});

test('a task that finishes or fails while being cancelled ends CANCELED', () => {
  assert.equal(nextExecutionState('CANCELING', 'FINISHED'), 'CANCELED');
  assert.equal(nextExecutionState('CANCELING', 'FAILED'), 'CANCELED');
});

test('a fast task may finish before its INITIALIZING or RUNNING report; nothing skips INITIALIZING to run', () => {
  assert.equal(nextExecutionState('DEPLOYING', 'FINISHED'), 'FINISHED');
  assert.equal(nextExecutionState('INITIALIZING', 'FINISHED'), 'FINISHED');
  assert.equal(nextExecutionState('DEPLOYING', 'RUNNING'), undefined);
  assert.equal(nextExecutionState('SCHEDULED', 'RUNNING'), undefined);
  assert.equal(nextExecutionState('CREATED', 'FINISHED'), undefined);
});

test('any live state may fail', () => {
  for (const from of EXECUTION_STATES) {
    if (TERMINAL_EXECUTION_STATES.has(from) || from === 'CANCELING') continue;
    assert.equal(nextExecutionState(from, 'FAILED'), 'FAILED', from);
  }
});
