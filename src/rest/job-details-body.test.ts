/** `/jobs/:jobid` of an ended job: serialized once, `now` spliced in per request. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { archivedGraph } from './test-fixtures.js';
import { jobDetailsBody } from './jobs/job-details-body.js';
import { jobDetailsJson } from './jobs/job-details.js';

test('an ended job\'s details are the JSON of its snapshot, serialized once, with the current `now`', () => {
  const graph = archivedGraph({ state: 'FINISHED', stateTimestamps: { INITIALIZING: 1000, CREATED: 1001, RUNNING: 1010, FINISHED: 1030 } }, 'FINISHED');
  const first = jobDetailsBody(graph, 5000);
  assert.equal(typeof first, 'string');
  assert.deepEqual(JSON.parse(first as string), jobDetailsJson(graph, 5000));
  graph.jobName = 'changed'; // a rebuilt answer would show it
  const second = JSON.parse(jobDetailsBody(graph, 9000) as string);
  assert.equal(second.now, 9000);
  assert.equal(second.name, 'WordCount Example');
});

test('a running job\'s details are built for each request', () => {
  const graph = archivedGraph();
  assert.deepEqual(jobDetailsBody(graph, 5000), jobDetailsJson(graph, 5000));
});
