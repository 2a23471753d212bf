/** `/v1/openapi.json`: generated from the route schemas, every route once, each documented. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './test-fixtures.js';

interface Operation {
  summary?: string;
  tags?: string[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

let h: Harness;
let doc: { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, Operation>> };

before(async () => {
  h = await startHarness();
  const res = await h.server.app.inject({ url: '/v1/openapi.json' });
  assert.equal(res.statusCode, 200);
  doc = res.json();
});

after(() => h.close());

test('lists each route once, without the /v1 prefix, under the /v1 server', async () => {
  assert.match(doc.openapi, /^3\.0\./);
  assert.deepEqual(doc.servers, [{ url: '/v1' }]);
  const paths = Object.keys(doc.paths);
  assert.ok(paths.every((p) => !p.startsWith('/v1/')), paths.join(' '));
  for (const p of ['/jars/upload', '/jars/{jarid}/run', '/jobs/overview', '/jobs/{jobid}', '/jobs/{jobid}/vertices/{vertexid}/backpressure', '/taskmanagers/{taskmanagerid}/logs/{filename}', '/overview']) {
    assert.ok(paths.includes(p), `${p} is missing`);
  }
  assert.ok(!paths.includes('/openapi.json'), 'the document does not list itself');
  assert.deepEqual((await h.server.app.inject({ url: '/openapi.json' })).json(), doc, 'served unversioned too');
});

test('every operation has a summary, a tag, a documented success answer and Flink\'s error body', () => {
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const where = `${method.toUpperCase()} ${path}`;
      assert.ok(op.summary, `${where} has no summary`);
      assert.ok(op.tags?.length, `${where} has no tag`);
      const success = Object.entries(op.responses).find(([status]) => status.startsWith('2'));
      assert.ok(success, `${where} documents no success answer`);
      const content = success[1].content ?? {};
      assert.ok(content['application/json']?.schema ?? content['text/plain']?.schema, `${where}: no schema for its ${success[0]} answer`);
      assert.ok(op.responses['4XX'] ?? op.responses['4xx'], `${where} documents no 4xx answer`);
    }
  }
});

test('request schemas are in the document: the run request body and the job id pattern', () => {
  const run = doc.paths['/jars/{jarid}/run']!.post as unknown as { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } };
  assert.ok('programArgsList' in run.requestBody.content['application/json']!.schema.properties);
  const job = doc.paths['/jobs/{jobid}']!.get as unknown as { parameters: { name: string; schema: { pattern?: string } }[] };
  assert.equal(job.parameters.find((p) => p.name === 'jobid')?.schema.pattern, '^[0-9a-f]{32}$');
});
