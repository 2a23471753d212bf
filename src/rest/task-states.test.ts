import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExecutionState } from '../protocol/states.js';
import { countStates, taskSummary, upperCaseCounts } from './jobs/task-counts.js';
import { aggregateVertexState } from './jobs/vertex-state.js';

const aggregate = (states: ExecutionState[]): ExecutionState => aggregateVertexState(countStates(states), states.length);

test('a vertex shows the most significant state of its subtasks (Flink\'s aggregate state)', () => {
  assert.equal(aggregate(['RUNNING', 'FAILED', 'CANCELING']), 'FAILED');
  assert.equal(aggregate(['RUNNING', 'CANCELING', 'CANCELED']), 'CANCELING');
  assert.equal(aggregate(['RUNNING', 'CANCELED']), 'CANCELED');
  assert.equal(aggregate(['RUNNING', 'INITIALIZING']), 'INITIALIZING');
  assert.equal(aggregate(['DEPLOYING', 'RUNNING']), 'RUNNING');
  assert.equal(aggregate(['FINISHED', 'FINISHED']), 'FINISHED');
  assert.equal(aggregate(['FINISHED', 'DEPLOYING']), 'RUNNING');
  assert.equal(aggregate(['SCHEDULED', 'DEPLOYING']), 'CREATED');
  assert.equal(aggregate([]), 'CREATED');
});

test('task counts in upper case and as the lower-case summary with legacy pending', () => {
  const counts = countStates(['CREATED', 'SCHEDULED', 'DEPLOYING', 'RUNNING']);
  assert.equal(Object.keys(upperCaseCounts(counts)).length, 10);
  assert.equal(upperCaseCounts({ RUNNING: 1 }).FAILED, 0);
  const summary = taskSummary(counts, 4);
  assert.deepEqual([summary.total, summary.pending, summary.running, summary.created, summary.initializing], [4, 3, 1, 1, 0]);
});
