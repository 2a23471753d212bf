import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JobId } from '../common/ids.js';
import type { ArchivedExecutionGraph } from '../protocol/execution-graph-info.js';
import type { JobStatus } from '../protocol/states.js';
import { ExecutionGraphInfoStore } from './execution-graph-info-store.js';

function graph(jobId: string, state: JobStatus = 'FINISHED'): ArchivedExecutionGraph {
  return {
    jobId: jobId as JobId, jobName: `job ${jobId}`, jobType: 'STREAMING', state,
    stateTimestamps: { INITIALIZING: 100, [state]: 300 }, maxParallelism: 128,
    plan: { jid: jobId, name: `job ${jobId}`, type: 'STREAMING', nodes: [] } as unknown as ArchivedExecutionGraph['plan'],
    streamGraph: { pending_operators: 0, nodes: [] },
    vertices: [], exceptionHistory: [], jobConfig: {}, lastModification: 300,
  };
}

describe('ExecutionGraphInfoStore', () => {
  test('keeps jobs for the expiration time, then drops them oldest first', () => {
    let now = 0;
    const store = new ExecutionGraphInfoStore(1000, () => now);
    store.put(graph('a'));
    now = 400;
    store.put(graph('b', 'FAILED'));
    now = 999;
    assert.deepEqual(store.details().map((d) => d.jobId), ['a', 'b']);
    now = 1000;
    assert.equal(store.get('a' as JobId), undefined);
    assert.equal(store.get('b' as JobId)?.state, 'FAILED');
    now = 1400;
    assert.deepEqual(store.details(), []);
  });

  test('a job stored again expires after its new time, and does not keep earlier ones from expiring', () => {
    let now = 0;
    const store = new ExecutionGraphInfoStore(1000, () => now);
    store.put(graph('a'));
    now = 500;
    store.put(graph('b'));
    now = 700;
    store.put(graph('a'));
    now = 1600;
    assert.deepEqual(store.details().map((d) => d.jobId), ['a']);
  });

  test('summaries are computed once: the same objects on every call', () => {
    const store = new ExecutionGraphInfoStore(1000);
    store.put(graph('a'));
    const [first] = store.details();
    assert.equal(store.details()[0], first);
    assert.deepEqual({ id: first!.jobId, state: first!.state, start: first!.startTime, end: first!.endTime }, { id: 'a', state: 'FINISHED', start: 100, end: 300 });
  });

  test('counts jobs by final state, as jobs are stored again and expire', () => {
    let now = 0;
    const store = new ExecutionGraphInfoStore(1000, () => now);
    const counts = (): number[] => ['FINISHED', 'FAILED', 'CANCELED'].map((s) => store.count(s as JobStatus));
    for (const [id, state] of [['a', 'FINISHED'], ['b', 'FAILED'], ['c', 'FINISHED'], ['d', 'CANCELED']] as const) store.put(graph(id, state));
    assert.deepEqual(counts(), [2, 1, 1]);
    store.put(graph('b', 'FINISHED')); // the same job stored again counts once, in its new state
    assert.deepEqual(counts(), [3, 0, 1]);
    now = 1000;
    assert.deepEqual(counts(), [0, 0, 0]);
  });
});
