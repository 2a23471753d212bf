import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rescaleJob } from './rescale.js';
import { serverAnswering } from './test-rest-server.js';

const JOB = 'a'.repeat(32);
const [A, B] = ['1'.repeat(32), '2'.repeat(32)];
const CURRENT = { [A]: { parallelism: { lowerBound: 2, upperBound: 2 } }, [B]: { parallelism: { lowerBound: 2, upperBound: 2 } } };

/** A rescale record of the history; `ended` its terminal state. */
function rescale(attempt: number, ended: 'COMPLETED' | 'FAILED' | null, exception: string | null = null): unknown {
  return {
    rescaleUuid: `u-${attempt}`, rescaleAttemptId: attempt, terminalState: ended, terminatedReason: ended === 'COMPLETED' ? 'SUCCEEDED' : ended && 'EXCEPTION_OCCURRED',
    vertices: { [A]: { jobVertexName: 'Source', preRescaleParallelism: 2, postRescaleParallelism: ended === 'COMPLETED' ? 3 : null } },
    schedulerStates: [{ state: 'StopWithSavepoint', stringifiedException: exception }],
  };
}

test('sluice rescale -p: every vertex at exactly that parallelism, then the history polled until the new rescale completed', async () => {
  const server = await serverAnswering([[200, CURRENT], [200, [rescale(1, 'COMPLETED')]], [200, {}], [200, [rescale(2, null), rescale(1, 'COMPLETED')]], [200, [rescale(2, 'COMPLETED'), rescale(1, 'COMPLETED')]]]);
  try {
    const done = await rescaleJob(server.client, JOB, { parallelism: 3 });
    assert.equal(done?.rescaleUuid, 'u-2');
    assert.deepEqual(server.requests, [
      `GET /v1/jobs/${JOB}/resource-requirements`,
      `GET /v1/jobs/${JOB}/rescales/history`,
      `PUT /v1/jobs/${JOB}/resource-requirements {"${A}":{"parallelism":{"lowerBound":3,"upperBound":3}},"${B}":{"parallelism":{"lowerBound":3,"upperBound":3}}}`,
      `GET /v1/jobs/${JOB}/rescales/history`,
      `GET /v1/jobs/${JOB}/rescales/history`,
    ]);
  } finally {
    await server.close();
  }
});

test('sluice rescale -v: only the named vertices change; the same parallelism sends nothing; an unknown vertex or a failed rescale is an error saying why', async () => {
  const server = await serverAnswering([[200, CURRENT], [200, []], [200, {}], [200, [rescale(1, 'FAILED', 'SluiceError: Savepoint 4 could not create its directory /ro\n    at x')]], [200, CURRENT], [200, CURRENT]]);
  try {
    await assert.rejects(rescaleJob(server.client, JOB, { vertices: { [A]: 3 } }), { code: 'RESCALE_REFUSED', message: /Rescale u-1 of job a{32} ended FAILED \(EXCEPTION_OCCURRED\): SluiceError: Savepoint 4 could not create its directory \/ro; the job runs at its parallelism as before\./ });
    assert.equal(server.requests[2], `PUT /v1/jobs/${JOB}/resource-requirements {"${A}":{"parallelism":{"lowerBound":3,"upperBound":3}},"${B}":{"parallelism":{"lowerBound":2,"upperBound":2}}}`);
    assert.equal(await rescaleJob(server.client, JOB, { vertices: { [B]: 2 } }), undefined);
    await assert.rejects(rescaleJob(server.client, JOB, { vertices: { ['3'.repeat(32)]: 2 } }), { code: 'BAD_REQUEST', message: /has no vertex 3{32}/ });
    assert.equal(server.requests.length, 6, 'nothing sent but the reads of the requirements');
  } finally {
    await server.close();
  }
});
