/**
 * Every endpoint Sluice implements that Flink's spec also defines answers in the spec's shape, for
 * a finished, a failed, a cancelled and a running job: validated with ajv against the schemas of
 * `rest_v1_dispatcher.yml` (path in FLINK_REST_SPEC), and every property the spec defines present.
 * The endpoints come from Sluice's own `/v1/openapi.json`, so a new route is checked without
 * editing this test.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FlinkSpec } from './helpers/flink-spec.js';
import { skipUnlessPresent } from './helpers/prerequisites.js';
import { ROOT, TestCluster, packageJob, waitFor } from './helpers/processes.js';

const SPEC_FILE = process.env.FLINK_REST_SPEC;
const skip = skipUnlessPresent(
  !SPEC_FILE ? 'FLINK_REST_SPEC is not set (point it at rest_v1_dispatcher.yml to validate answers against Flink\'s spec)'
  : !existsSync(SPEC_FILE) ? `FLINK_REST_SPEC names ${SPEC_FILE}, which does not exist`
  : false,
);

const cluster = new TestCluster([
  'task.cancellation.timeout=1 s',
  // The running job checkpoints every 100 ms: checkpoint 1, whose details are asked for seconds later, stays in the history.
  'web.checkpoints.history=1000',
  // So the log-url routes have an answer (without a pattern they are Flink's 404).
  'historyserver.log.jobmanager.url-pattern=http://logs.example/<jobid>/jobmanager',
  'historyserver.log.taskmanager.url-pattern=http://logs.example/<jobid>/<tmid>',
]);
let spec: FlinkSpec;
let jarId: string;
const jobs: Record<'finished' | 'failed' | 'cancelled' | 'running', string> = { finished: '', failed: '', cancelled: '', running: '' };
const checked: string[] = [];
/** Every nonconforming answer, reported together at the end of a test. */
const problems: string[] = [];

/**
 * Routes that answer Flink's 404 because Sluice has nothing of the kind yet (as
 * docs/rest-compatibility.md says); checked for that answer instead of a body.
 */
const ANSWERS_404: Record<string, string> = {
  '/jobs/{jobid}/rescales/details/{rescaleuuid}': 'the uuid names no rescale (a real one is checked after the running job rescaled)',
};

/** Routes about one checkpoint: only the running job (checkpointing every 100 ms) has taken checkpoint 1; the others answer 404. */
const CHECKPOINT_DETAILS = ['/jobs/{jobid}/checkpoints/details/{checkpointid}', '/jobs/{jobid}/checkpoints/details/{checkpointid}/subtasks/{vertexid}'];

/** Flink's run request for an entry class of the failover fixtures, with checkpointing on (so checkpoint routes answer). */
function runBody(entryClass: string, programArgsList: string[] = [], interval = '1 min'): Record<string, unknown> {
  return {
    entryClass,
    programArgsList,
    flinkConfiguration: { 'restart-strategy.type': 'none', 'execution.checkpointing.interval': interval },
  };
}

/** Sends a request and checks the answer against the spec's operation `method specPath`. */
async function expectConforms(method: string, specPath: string, url: string, init: RequestInit = {}): Promise<unknown> {
  const expected = spec.expected(method, specPath);
  assert.ok(expected, `Flink's spec has no ${method} ${specPath}`);
  const res = await fetch(`${cluster.restUrl}${url}`, { ...init, method });
  const text = await res.text();
  assert.equal(res.status, expected.status, `${method} ${url}: ${text}`);
  const body: unknown = text ? JSON.parse(text) : undefined;
  const found = spec.check(expected, body);
  if (found.length > 0) problems.push(`${method} ${url} against ${expected.schemaName}:\n  ${found.join('\n  ')}\n  ${text.slice(0, 1500)}`);
  checked.push(`${method} ${specPath}`);
  return body;
}

before(async () => {
  if (skip) return;
  spec = new FlinkSpec(SPEC_FILE!);
  const jar = join(cluster.workDir, 'failover.jar');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/failover.ts'), jar);
  await cluster.startJobManager();
  await cluster.startTaskManager(2);
});

after(async () => {
  await cluster.stop();
});

test('jar upload, plan and run answer in the spec\'s shape', { skip }, async () => {
  const form = new FormData();
  const { readFileSync } = await import('node:fs');
  form.append('jarfile', new Blob([readFileSync(join(cluster.workDir, 'failover.jar'))]), 'failover.jar');
  const uploaded = await expectConforms('POST', '/jars/upload', '/jars/upload', { body: form }) as { filename: string };
  jarId = uploaded.filename.split('/').pop()!;
  await expectConforms('POST', '/jars/{jarid}/plan', `/jars/${jarId}/plan`, json(runBody('SlowCount', ['80', '1000', join(cluster.workDir, 'out')])));

  const run = async (entryClass: string, args: string[] = [], interval?: string): Promise<string> =>
    ((await expectConforms('POST', '/jars/{jarid}/run', `/jars/${jarId}/run`, json(runBody(entryClass, args, interval)))) as { jobid: string }).jobid;
  jobs.finished = await run('SlowCount', ['80', '1000', join(cluster.workDir, 'finished')]);
  assert.equal((await cluster.waitForJobEnd(jobs.finished)).state, 'FINISHED');
  jobs.failed = await run('Exits');
  assert.equal((await cluster.waitForJobEnd(jobs.failed)).state, 'FAILED');
  jobs.cancelled = await run('SlowCount', ['1000000000', '100', join(cluster.workDir, 'cancelled')]);
  await waitForRunning(jobs.cancelled);
  await expectConforms('PATCH', '/jobs/{jobid}', `/jobs/${jobs.cancelled}?mode=cancel`);
  assert.equal((await cluster.waitForJobEnd(jobs.cancelled)).state, 'CANCELED');
  jobs.running = await run('SlowCount', ['1000000000', '100', join(cluster.workDir, 'running')], '100 ms');
  await waitForRunning(jobs.running);
  await waitFor('checkpoint 1 of the running job', async () => ((await cluster.getJson<{ counts: { completed: number } }>(`/jobs/${jobs.running}/checkpoints`)).counts.completed > 0 ? true : undefined));
  assert.deepEqual(problems.splice(0), []);
});

/** A JSON request body. */
const json = (body: unknown): RequestInit => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function waitForRunning(jobId: string): Promise<void> {
  await waitFor(`job ${jobId} to run`, async () => {
    const job = await cluster.getJson<{ vertices: { status: string }[] }>(`/jobs/${jobId}`);
    return job.vertices.every((v) => v.status === 'RUNNING') ? true : undefined;
  });
}

test('every GET endpoint Sluice and Flink\'s spec share answers in the spec\'s shape, for jobs in each state', { skip }, async () => {
  const own = await cluster.getJson<{ paths: Record<string, Record<string, unknown>> }>('/v1/openapi.json');
  const shared = Object.entries(own.paths).filter(([path, ops]) => 'get' in ops && spec.expected('GET', path)).map(([path]) => path);
  assert.ok(shared.length >= 20, `only ${shared.length} shared GET endpoints: ${shared.join(', ')}`);
  const taskManagerId = (await cluster.getJson<{ taskmanagers: { id: string }[] }>('/taskmanagers')).taskmanagers[0]!.id;

  // A disposal of a directory that is no savepoint: its status route answers a failed operation.
  const disposal = (await expectConforms('POST', '/savepoint-disposal', '/savepoint-disposal', json({ 'savepoint-path': join(cluster.workDir, 'no-savepoint') }))) as { 'request-id': string };
  for (const path of shared.filter((p) => !p.includes('{jobid}'))) {
    await expectConforms('GET', path, fill(path, { jarid: jarId, taskmanagerid: taskManagerId, triggerid: disposal['request-id'] }));
  }
  for (const jobid of Object.values(jobs)) {
    const job = await cluster.getJson<{ vertices: { id: string }[] }>(`/jobs/${jobid}`);
    // A manual checkpoint under the job's id as trigger id, for the status route: completed or in progress for the running job, failed for the others.
    await expectConforms('POST', '/jobs/{jobid}/checkpoints', `/jobs/${jobid}/checkpoints`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ triggerId: jobid }) });
    // Likewise a savepoint: completed or in progress for the running job, failed for the ended ones.
    await expectConforms('POST', '/jobs/{jobid}/savepoints', `/jobs/${jobid}/savepoints`, json({ 'target-directory': join(cluster.workDir, 'savepoints'), triggerId: jobid }));
    for (const path of shared.filter((p) => p.includes('{jobid}'))) {
      const vertexIds = path.includes('{vertexid}') ? job.vertices.map((v) => v.id) : [''];
      for (const vertexid of vertexIds) {
        const params: Record<string, string> = { jobid, vertexid, taskmanagerid: taskManagerId, subtaskindex: '0', checkpointid: '1', triggerid: jobid, rescaleuuid: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' };
        if (path.includes('{attempt}')) {
          params.attempt = String((await cluster.getJson<{ attempt: number }>(fill('/jobs/{jobid}/vertices/{vertexid}/subtasks/{subtaskindex}', params))).attempt);
        }
        if (ANSWERS_404[path] || (CHECKPOINT_DETAILS.includes(path) && jobid !== jobs.running)) await expectFlinkError('GET', fill(path, params), 404);
        else await expectConforms('GET', path, fill(path, params));
      }
    }
  }
  assert.deepEqual([...new Set(problems.splice(0))], []);
  const requirements = await expectConforms('GET', '/jobs/{jobid}/resource-requirements', `/jobs/${jobs.running}/resource-requirements`);
  await expectConforms('PUT', '/jobs/{jobid}/resource-requirements', `/jobs/${jobs.running}/resource-requirements`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(requirements) });
  // A rescale of the running job to one more subtask per vertex: its record, however it ended, in every rescale route.
  const running = await cluster.getJson<{ vertices: { id: string; parallelism: number }[] }>(`/jobs/${jobs.running}`);
  await expectConforms('PUT', '/jobs/{jobid}/resource-requirements', `/jobs/${jobs.running}/resource-requirements`, json(Object.fromEntries(running.vertices.map((v) => [v.id, { parallelism: { lowerBound: 1, upperBound: v.parallelism + 1 } }]))));
  const rescale = await waitFor('the rescale of the running job to end', async () => {
    const [latest] = await cluster.getJson<{ rescaleUuid: string; terminalState: string | null }[]>(`/jobs/${jobs.running}/rescales/history`);
    return latest?.terminalState ? latest : undefined;
  }, 120_000);
  for (const path of ['/jobs/{jobid}/rescales/overview', '/jobs/{jobid}/rescales/summary', '/jobs/{jobid}/rescales/history']) await expectConforms('GET', path, fill(path, { jobid: jobs.running }));
  await expectConforms('GET', '/jobs/{jobid}/rescales/details/{rescaleuuid}', `/jobs/${jobs.running}/rescales/details/${rescale.rescaleUuid}`);
  await waitForRunning(jobs.running);
  // Last, as it ends the running job: stop-with-savepoint, whose status is a savepoint's.
  const stop = (await expectConforms('POST', '/jobs/{jobid}/stop', `/jobs/${jobs.running}/stop`, json({ targetDirectory: join(cluster.workDir, 'savepoints'), drain: false }))) as { 'request-id': string };
  await expectConforms('GET', '/jobs/{jobid}/savepoints/{triggerid}', `/jobs/${jobs.running}/savepoints/${stop['request-id']}`);
  assert.deepEqual([...new Set(problems.splice(0))], []);
  const uncovered = shared.filter((p) => !ANSWERS_404[p] && !checked.includes(`GET ${p}`));
  assert.deepEqual(uncovered, [], 'endpoints not exercised');
  console.log(`# checked ${new Set(checked).size} operations; spec artifacts overridden:\n# ${FlinkSpec.artifacts().join('\n# ')}`);
});

/** Sends a request that must fail with `status` and Flink's error body. */
async function expectFlinkError(method: string, url: string, status: number): Promise<void> {
  const res = await fetch(`${cluster.restUrl}${url}`, { method });
  const body = await res.json() as { errors?: unknown };
  assert.equal(res.status, status, `${method} ${url}: ${JSON.stringify(body)}`);
  assert.ok(Array.isArray(body.errors) && body.errors.length > 0, `${method} ${url}: ${JSON.stringify(body)}`);
}

/** Fills a spec path's `{param}`s; fails on one the test does not know. */
function fill(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    assert.ok(value !== undefined, `no value for {${name}} in ${path}`);
    return value;
  });
}
