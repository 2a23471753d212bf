import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JobId } from '../common/ids.js';
import type { JobDetails } from '../protocol/execution-graph-info.js';
import type { JobStatus } from '../protocol/states.js';
import { jobOverviewJson } from './jobs/job-overview.js';
import { jobsOverviewBody } from './jobs/jobs-overview-body.js';

function details(jobId: string, state: JobStatus, endTime: number): JobDetails {
  return {
    jobId: jobId as JobId, jobName: `job ${jobId}`, jobType: 'STREAMING', state, startTime: 1000, endTime, lastModification: 1100,
    tasksPerState: { FINISHED: 2 } as JobDetails['tasksPerState'], numTasks: 2,
  };
}

describe('the /jobs/overview body', () => {
  test('is the JSON of every job\'s row, in order', () => {
    const jobs = [details('r', 'RUNNING', -1), details('f', 'FINISHED', 1117)];
    assert.deepEqual(JSON.parse(String(jobsOverviewBody(jobs, 5000))), { jobs: jobs.map((j) => jobOverviewJson(j, 5000)) });
    assert.deepEqual(JSON.parse(String(jobsOverviewBody([], 5000))), { jobs: [] });
  });

  test('an ended job\'s row is serialized once; a running job\'s duration follows the clock', () => {
    const ended = details('f', 'FINISHED', 1117);
    const running = details('r', 'RUNNING', -1);
    const first = JSON.parse(String(jobsOverviewBody([ended, running], 5000))).jobs;
    ended.jobName = 'changed'; // a cached row would not see this: it shows the row was not rebuilt
    const second = JSON.parse(String(jobsOverviewBody([ended, running], 9000))).jobs;
    assert.equal(second[0].name, 'job f');
    assert.equal(second[0].duration, 117);
    assert.deepEqual([first[1].duration, second[1].duration], [4000, 8000]);
  });

  test('the archive\'s run of ended rows is encoded once while it holds the same jobs', () => {
    const archive = [details('a', 'FINISHED', 1200), details('b', 'CANCELED', 1300)];
    const running = details('r', 'RUNNING', -1);
    const first = JSON.parse(String(jobsOverviewBody([running, ...archive], 5000))).jobs;
    assert.deepEqual(first.map((j: { jid: string }) => j.jid), ['r', 'a', 'b']);
    const more = [...archive, details('c', 'FAILED', 1400)];
    const second = JSON.parse(String(jobsOverviewBody([running, ...more], 6000))).jobs;
    assert.deepEqual(second.map((j: { jid: string; duration: number }) => [j.jid, j.duration]), [['r', 5000], ['a', 200], ['b', 300], ['c', 400]]);
    assert.deepEqual(JSON.parse(String(jobsOverviewBody(more, 7000))).jobs.length, 3);
  });
});
