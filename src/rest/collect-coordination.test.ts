import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Packr } from 'msgpackr';
import { ErrorCode, SluiceError } from '../common/errors.js';
import type { CollectResults } from '../protocol/collect-results.js';
import { collectResultsFromJson } from '../protocol/collect-results-json.js';
import { archivedGraph, startHarness, type Harness } from './test-fixtures.js';

describe('POST /jobs/:jobid/coordinators/:operatorid (collect results)', () => {
  let h: Harness;
  const operatorId = 'e'.repeat(32);
  const batch = new Packr({ useRecords: false }).pack([['to', 1], { nested: [1.5, null] }]);
  const fetches: [string, string, number][] = [];

  before(async () => {
    h = await startHarness();
    h.dispatcher.fetchCollectResults = async (jobId, opId, offset): Promise<CollectResults> => {
      fetches.push([jobId, opId, offset]);
      if (!h.dispatcher.jobs.has(jobId)) throw SluiceError.user(ErrorCode.JOB_NOT_FOUND, `Job ${jobId} not found.`);
      if (opId !== operatorId) throw SluiceError.user(ErrorCode.NOT_FOUND, `Job ${jobId} has no sink operator ${opId}`);
      return { offset, batches: [new Uint8Array(batch)], end: true, jobStatus: 'RUNNING' };
    };
  });
  after(() => h.close());

  const post = async (url: string, payload?: unknown) => {
    const res = await h.server.app.inject({ method: 'POST', url, ...(payload !== undefined && { payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } }) });
    return { status: res.statusCode, body: res.json() as Record<string, any> };
  };

  test('answers with the buffered batches as base64 msgpack, at /v1 and unversioned', async () => {
    const job = h.dispatcher.add(archivedGraph());
    for (const prefix of ['', '/v1']) {
      const { status, body } = await post(`${prefix}/jobs/${job.jobId}/coordinators/${operatorId}`, { offset: 7 });
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body).sort(), ['batches', 'end', 'jobStatus', 'offset']);
      const decoded = collectResultsFromJson(body as never);
      assert.equal(decoded.offset, 7);
      assert.equal(decoded.end, true);
      assert.equal(decoded.jobStatus, 'RUNNING');
      assert.deepEqual([...decoded.batches[0]!], [...batch]);
    }
    assert.deepEqual(fetches.at(-1), [job.jobId, operatorId, 7]);
  });

  test('404 for an unknown job or operator', async () => {
    const job = h.dispatcher.add(archivedGraph());
    const unknownJob = await post(`/jobs/${'f'.repeat(32)}/coordinators/${operatorId}`, { offset: 0 });
    assert.equal(unknownJob.status, 404);
    assert.match(unknownJob.body.errors[0], /not found/);
    const unknownOperator = await post(`/jobs/${job.jobId}/coordinators/${'0'.repeat(32)}`, { offset: 0 });
    assert.equal(unknownOperator.status, 404);
    assert.match(unknownOperator.body.errors[0], /no sink operator/);
  });

  test('400 for a bad body or a malformed id, naming the problem', async () => {
    const job = h.dispatcher.add(archivedGraph());
    const url = `/jobs/${job.jobId}/coordinators/${operatorId}`;
    const cases: [unknown, RegExp][] = [
      [undefined, /body must be object/],
      [{}, /Missing request body field 'offset'/],
      [{ offset: -1 }, /'offset': must be >= 0/],
      [{ offset: 1.5 }, /'offset': must be integer/],
    ];
    for (const [payload, message] of cases) {
      const { status, body } = await post(url, payload);
      assert.equal(status, 400, JSON.stringify(payload));
      assert.match(body.errors[0], message);
    }
    const badOperator = await post(`/jobs/${job.jobId}/coordinators/not-an-id`, { offset: 0 });
    assert.equal(badOperator.status, 400);
    assert.match(badOperator.body.errors[0], /path parameter 'operatorid'/);
  });
});
