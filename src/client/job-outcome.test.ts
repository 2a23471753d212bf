import { test } from 'node:test';
import assert from 'node:assert/strict';
import { followJob } from './job-outcome.js';
import type { JobDetailsJson, RestClusterClient } from './rest-cluster-client.js';

/** A cluster whose `GET /jobs/:id` answers the given details in turn. */
function clusterAnswering(answers: JobDetailsJson[]): RestClusterClient {
  let next = 0;
  return { jobDetails: async () => answers[Math.min(next++, answers.length - 1)]! } as unknown as RestClusterClient;
}

const job = (state: JobDetailsJson['state'], waiting?: { since: number; slots: number }): JobDetailsJson => ({
  jid: 'j', name: 'Job', state, duration: 1,
  ...(waiting && { 'waiting-for-slots': { since: waiting.since, message: `Waiting for ${waiting.slots} more task slots` } }),
});

test('following a job says once per wait that it waits for slots, with the cluster\'s line', async () => {
  const cluster = clusterAnswering([
    job('RUNNING', { since: 1, slots: 3 }), job('RUNNING', { since: 1, slots: 3 }), job('RUNNING', { since: 1, slots: 2 }),
    job('RUNNING'), job('RESTARTING'), job('RUNNING', { since: 7, slots: 1 }), job('RUNNING', { since: 7, slots: 1 }), job('CANCELED'),
  ]);
  const lines: string[] = [];
  const ended = await followJob(cluster, 'j', (line) => lines.push(line));
  assert.equal(ended.state, 'CANCELED');
  assert.deepEqual(lines, ['Waiting for 3 more task slots', 'Waiting for 1 more task slots']);
});
