import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startHarness, upload, type Harness } from './test-fixtures.js';

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json()) as Record<string, unknown>;
}

describe('jar endpoints', () => {
  let h: Harness;
  let base: string;

  before(async () => {
    h = await startHarness({ config: { 'web.upload.max-size': '4 kb', 'rest.address': 'jm.example' } });
    base = `http://127.0.0.1:${await h.server.listen('127.0.0.1', 0)}`;
  });
  after(() => h.close());
  beforeEach(async () => {
    for (const f of (await json(await fetch(`${base}/jars`))).files as { id: string }[]) await fetch(`${base}/jars/${f.id}`, { method: 'DELETE' });
    h.packages.built.length = 0;
    h.packages.hold = undefined;
    h.dispatcher.submitted.length = 0;
  });

  const run = (jarId: string, body?: unknown, query = ''): Promise<Response> => fetch(`${base}/jars/${encodeURIComponent(jarId)}/run${query}`, {
    method: 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

  describe('POST /jars/upload', () => {
    test('stores the file as <uuid>_<name> and answers with its absolute path', async () => {
      const res = await upload(base, 'word-count-1.0.jar', 'PK-jar');
      assert.equal(res.status, 200);
      assert.equal(res.body.status, 'success');
      const path = res.body.filename as string;
      assert.equal(dirname(path), h.uploadDir);
      assert.match(basename(path), /^[0-9a-f-]{36}_word-count-1\.0\.jar$/);
      assert.deepEqual(await readdir(h.uploadDir), [basename(path)]);
      assert.ok(h.packages.described.includes(path));
    });

    test('accepts .zip, .js and .mjs packages', async () => {
      for (const name of ['job.zip', 'job.js', 'job.mjs']) assert.equal((await upload(base, name, 'x')).status, 200, name);
    });

    test('a full plan extraction pool is 429 with Retry-After, and the upload is not kept', async () => {
      const form = new FormData();
      form.append('jarfile', new Blob(['BUSY']), 'busy.jar');
      const res = await fetch(`${base}/jars/upload`, { method: 'POST', body: form });
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '7');
      assert.deepEqual(await json(res), { errors: ['Too many plan extraction requests (web.plan-extraction.queue-size).'] });
      assert.deepEqual(await readdir(h.uploadDir), []);
    });

    test('rejects other extensions, empty names, empty files', async () => {
      const wrongType = await upload(base, 'notes.txt', 'x');
      assert.equal(wrongType.status, 400);
      assert.match((wrongType.body.errors as string[])[0]!, /\.jar, \.zip, \.js or \.mjs.*notes\.txt/);
      assert.equal((await upload(base, '', 'x')).status, 400);
      const empty = await upload(base, 'empty.jar', '');
      assert.equal(empty.status, 400);
      assert.deepEqual(empty.body.errors, ["The uploaded file 'empty.jar' is empty."]);
      assert.deepEqual(await readdir(h.uploadDir), []);
    });

    test('names the jarfile field when it is missing or misnamed', async () => {
      const wrongField = await upload(base, 'a.jar', 'x', 'file');
      assert.equal(wrongField.status, 400);
      assert.match((wrongField.body.errors as string[])[0]!, /field 'jarfile' \(received: 'file'\)/);

      const form = new FormData();
      form.append('note', 'no file here');
      const noFile = await fetch(`${base}/jars/upload`, { method: 'POST', body: form });
      assert.equal(noFile.status, 400);
      assert.match(((await json(noFile)).errors as string[])[0]!, /jarfile/);

      const notMultipart = await fetch(`${base}/jars/upload`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      assert.equal(notMultipart.status, 415);
      assert.match(((await json(notMultipart)).errors as string[])[0]!, /multipart\/form-data.*jarfile/);
    });

    test('two files are refused and neither is kept', async () => {
      const form = new FormData();
      form.append('jarfile', new Blob(['a']), 'a.jar');
      form.append('jarfile', new Blob(['b']), 'b.jar');
      const res = await fetch(`${base}/jars/upload`, { method: 'POST', body: form });
      assert.equal(res.status, 400);
      assert.deepEqual((await json(res)).errors, ["Exactly 1 file must be sent in the field 'jarfile', received 2."]);
      assert.deepEqual(((await json(await fetch(`${base}/jars`))).files as unknown[]), []);
      assert.deepEqual(await readdir(h.uploadDir), []);
    });

    test('answers 413 above web.upload.max-size and keeps no partial file', async () => {
      const res = await upload(base, 'big.jar', new Uint8Array(10_000));
      assert.equal(res.status, 413);
      assert.match((res.body.errors as string[])[0]!, /web\.upload\.max-size \(4096 bytes\)/);
      assert.deepEqual(await readdir(h.uploadDir), []);
    });

    test('deletes the file and answers 400 when it is no job package', async () => {
      const res = await upload(base, 'bad.jar', 'BAD content');
      assert.equal(res.status, 400);
      assert.deepEqual(res.body.errors, ['Not a job package: no package.json manifest found']);
      assert.deepEqual(await readdir(h.uploadDir), []);
    });

    test('is served under /v1 too', async () => {
      const form = new FormData();
      form.append('jarfile', new Blob(['x']), 'v1.jar');
      assert.equal((await fetch(`${base}/v1/jars/upload`, { method: 'POST', body: form })).status, 200);
    });
  });

  describe('GET /jars and DELETE /jars/:jarid', () => {
    test('lists jars newest first with their entry points and the REST address', async () => {
      const first = basename((await upload(base, 'first.jar', 'x')).body.filename as string);
      const second = basename((await upload(base, 'second.jar', 'x')).body.filename as string);
      const list = await json(await fetch(`${base}/jars`));
      assert.equal(list.address, `http://jm.example:${new URL(base).port}`);
      const files = list.files as { id: string; name: string; uploaded: number; entry: unknown[] }[];
      assert.deepEqual(files.map((f) => f.id), [second, first]);
      assert.equal(files[0]!.name, 'second.jar');
      assert.equal(typeof files[0]!.uploaded, 'number');
      assert.deepEqual(files[0]!.entry, [{ name: 'WordCount', description: 'Counts words' }, { name: 'Other', description: '' }]);
    });

    test('deletes a jar by id; an unknown id is 404', async () => {
      const id = basename((await upload(base, 'gone.jar', 'x')).body.filename as string);
      const res = await fetch(`${base}/jars/${id}`, { method: 'DELETE' });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), {});
      assert.deepEqual(await readdir(h.uploadDir), []);
      const again = await fetch(`${base}/jars/${id}`, { method: 'DELETE' });
      assert.equal(again.status, 404);
      assert.match(((await json(again)).errors as string[])[0]!, /does not exist/);
    });
  });

  describe('POST /jars/:jarid/run', () => {
    test('builds the JobGraph from the stored package and submits it', async () => {
      const path = (await upload(base, 'word-count-1.0.jar', 'PK')).body.filename as string;
      const res = await run(basename(path), { entryClass: 'WordCount', programArgsList: ['--input', 'a b'] });
      assert.equal(res.status, 200);
      const { jobid } = await json(res);
      assert.match(jobid as string, /^[0-9a-f]{32}$/);
      assert.deepEqual(h.dispatcher.submitted.map((g) => g.jobId), [jobid]);
      const built = h.packages.built[0]!;
      assert.equal(built.path, path);
      assert.equal(built.name, 'word-count-1.0.jar');
      assert.match(built.blobKey, /^[0-9a-f]{64}$/);
      assert.deepEqual(built.options, { entryClass: 'WordCount', args: ['--input', 'a b'], config: {} });
    });

    test('accepts the original file name and runs its newest upload (the article URL)', async () => {
      await upload(base, 'word-count-1.0.jar', 'old');
      const newest = (await upload(base, 'word-count-1.0.jar', 'new')).body.filename as string;
      const res = await fetch(`${base}/jars/word-count-1.0.jar/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"entryClass":"WordCount"}' });
      assert.equal(res.status, 200);
      assert.equal(h.packages.built[0]!.path, newest);
    });

    test('an unknown jar is 404', async () => {
      const res = await run('nope.jar');
      assert.equal(res.status, 404);
      assert.match(((await json(res)).errors as string[])[0]!, /nope\.jar does not exist/);
    });

    test('works without a body and with an empty JSON body', async () => {
      await upload(base, 'job.jar', 'x');
      assert.equal((await run('job.jar')).status, 200);
      assert.equal((await run('job.jar', '')).status, 200);
      assert.deepEqual(h.packages.built.map((b) => b.options), [{ args: [], config: {} }, { args: [], config: {} }]);
    });

    test('takes parameters from the query string; the body wins', async () => {
      await upload(base, 'job.jar', 'x');
      assert.equal((await run('job.jar', undefined, '?entry-class=Q&programArg=a,b&parallelism=5')).status, 200);
      assert.equal((await run('job.jar', { entryClass: 'B', parallelism: 2 }, '?entry-class=Q&parallelism=5')).status, 200);
      assert.deepEqual(h.packages.built.map((b) => b.options), [
        { entryClass: 'Q', args: ['a', 'b'], parallelism: 5, config: {} },
        { entryClass: 'B', args: [], parallelism: 2, config: {} },
      ]);
    });

    test('splits the legacy programArgs string and accepts Flink clients\' nulls', async () => {
      await upload(base, 'job.jar', 'x');
      const res = await run('job.jar', { programArgs: '--input "a b" --n 3', programArgsList: null, parallelism: null, entryClass: null, savepointPath: null });
      assert.equal(res.status, 200);
      assert.deepEqual(h.packages.built[0]!.options.args, ['--input', 'a b', '--n', '3']);
    });

    test('rejects programArgs together with programArgsList', async () => {
      await upload(base, 'job.jar', 'x');
      const res = await run('job.jar', { programArgs: '--a', programArgsList: ['--b'] });
      assert.equal(res.status, 400);
      assert.deepEqual((await json(res)).errors, ['Confusing request: programArgs and programArgsList are specified, please, use only programArgsList']);
    });

    test('rejects a bad parallelism or job id', async () => {
      await upload(base, 'job.jar', 'x');
      for (const [body, query, pattern] of [
        [{ parallelism: 0 }, '', /request body field 'parallelism': must be >= 1/],
        [{ parallelism: 40000 }, '', /'parallelism': must be <= 32768/],
        [{ parallelism: 1.5 }, '', /'parallelism': must be integer/],
        [undefined, '?parallelism=abc', /query parameter 'parallelism': must be integer/],
        [{ jobId: 'ABC' }, '', /request body field 'jobId': must match pattern/],
        [{ jobId: 'F'.repeat(32) }, '', /'jobId'/],
      ] as const) {
        const res = await run('job.jar', body, query);
        assert.equal(res.status, 400, JSON.stringify(body) + query);
        assert.match(((await json(res)).errors as string[])[0]!, pattern);
      }
      assert.equal(h.packages.built.length, 0);
    });

    test("uses the requested job id; a duplicate is 409 before the package's main runs", async () => {
      await upload(base, 'job.jar', 'x');
      const jobId = 'd'.repeat(32);
      const first = await run('job.jar', { jobId });
      assert.deepEqual(await json(first), { jobid: jobId, applicationId: jobId });
      const second = await run('job.jar', { jobId });
      assert.equal(second.status, 409);
      assert.match(((await json(second)).errors as string[])[0]!, new RegExp(`Job ${jobId} is RUNNING`));
      assert.equal(h.packages.built.length, 1, 'the duplicate ran no main');
    });

    // Without the check the second run waits behind the first: the timeout makes that a failure, not a hang.
    test('a second run with the job id of a run still building its job graph is 409 at once', { timeout: 20_000 }, async () => {
      await upload(base, 'job.jar', 'x');
      const jobId = 'e'.repeat(32);
      let proceed!: () => void;
      h.packages.hold = new Promise((resolve) => (proceed = resolve));
      const first = run('job.jar', { jobId });
      await waitUntil(() => h.packages.built.length === 1);
      const second = await run('job.jar', { jobId });
      assert.equal(second.status, 409);
      assert.match(((await json(second)).errors as string[])[0]!, /already being submitted by another request/);
      proceed();
      assert.equal((await first).status, 200);
      assert.equal(h.packages.built.length, 1);
      // Once submitted, the id is the Dispatcher's to refuse; a failed run gives it back.
      assert.equal((await run('job.jar', { jobId })).status, 409);
      assert.equal((await run('job.jar', { jobId: 'f'.repeat(32), entryClass: 'Missing' })).status, 400);
      assert.equal((await run('job.jar', { jobId: 'f'.repeat(32) })).status, 200);
    });

    test('passes flinkConfiguration and restore settings in the job config; a plan body has none (JarPlanRequestBody)', async () => {
      await upload(base, 'job.jar', 'x');
      const ok = await run('job.jar', { flinkConfiguration: { 'pipeline.name': 'x' }, allowNonRestoredState: true, claimMode: 'CLAIM' });
      assert.equal(ok.status, 200);
      assert.deepEqual(h.packages.built[0]!.options.config, {
        'pipeline.name': 'x',
        'execution.savepoint.ignore-unclaimed-state': 'true',
        'execution.state-recovery.claim-mode': 'CLAIM',
      });
      const plan = await fetch(`${base}/jars/job.jar/plan`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ savepointPath: '/sp/1' }),
      });
      assert.equal(plan.status, 400);
      assert.match(((await json(plan)).errors as string[])[0]!, /^Request did not match expected format JarPlanRequestBody: unknown field 'savepointPath'/);
      const bad = await run('job.jar', { flinkConfiguration: { n: { nested: 1 } } });
      assert.equal(bad.status, 400);
    });

    test('savepointPath (body, query or flinkConfiguration) is checked at submission; a snapshot that cannot be restored is a 400 naming it', async () => {
      await upload(base, 'job.jar', 'x');
      const [checkedBefore, submittedBefore] = [h.snapshots.checked.length, h.dispatcher.submitted.length];
      for (const res of [
        await run('job.jar', { savepointPath: '/sp/1', restoreMode: 'NO_CLAIM' }),
        await fetch(`${base}/jars/job.jar/run?savepointPath=%2Fsp%2F2&allowNonRestoredState=true`, { method: 'POST' }),
        await run('job.jar', { flinkConfiguration: { 'execution.savepoint.path': '/sp/3' } }),
      ]) assert.equal(res.status, 200);
      const checked = h.snapshots.checked.slice(checkedBefore);
      assert.deepEqual(checked.map((g) => g.config['execution.savepoint.path']), ['/sp/1', '/sp/2', '/sp/3']);
      assert.equal(checked[1]!.config['execution.savepoint.ignore-unclaimed-state'], 'true');
      assert.equal(checked[0]!.config['execution.state-recovery.claim-mode'], 'NO_CLAIM');
      assert.equal(h.dispatcher.submitted.length, submittedBefore + 3);

      const missing = await run('job.jar', { savepointPath: '/sp/missing' });
      assert.equal(missing.status, 400);
      assert.deepEqual((await json(missing)).errors, ["Cannot restore the job from snapshot '/sp/missing': it does not exist"]);
      assert.equal(h.dispatcher.submitted.length, submittedBefore + 3, 'a snapshot that cannot be restored is not submitted');
    });

    test('restoreMode LEGACY (or an unknown one) is a 400 naming the supported modes', async () => {
      await upload(base, 'job.jar', 'x');
      const built = h.packages.built.length;
      const legacy = await run('job.jar', { savepointPath: '/sp/1', restoreMode: 'LEGACY' });
      assert.equal(legacy.status, 400);
      assert.deepEqual((await json(legacy)).errors, ['Restore mode LEGACY is not supported: use one of CLAIM, NO_CLAIM.']);
      const unknown = await run('job.jar', { savepointPath: '/sp/1', claimMode: 'MINE' });
      assert.equal(unknown.status, 400);
      assert.equal(h.packages.built.length, built, 'refused before the plan is built');
    });

    test('malformed JSON and non-object bodies are 400', async () => {
      await upload(base, 'job.jar', 'x');
      const malformed = await run('job.jar', '{"entryClass":');
      assert.equal(malformed.status, 400);
      assert.deepEqual((await json(malformed)).errors, ['The request body is not valid JSON.']);
      const array = await run('job.jar', '[1]');
      assert.equal(array.status, 400);
      assert.deepEqual((await json(array)).errors, ['The request body must be object']);
    });

    test('errors of the job package service keep their status', async () => {
      await upload(base, 'job.jar', 'x');
      const res = await run('job.jar', { entryClass: 'Missing' });
      assert.equal(res.status, 400);
      assert.match(((await json(res)).errors as string[])[0]!, /Missing/);
      assert.equal(h.dispatcher.submitted.length, 0);
    });

    test('is served under /v1 too', async () => {
      await upload(base, 'job.jar', 'x');
      assert.equal((await fetch(`${base}/v1/jars/job.jar/run`, { method: 'POST' })).status, 200);
    });
  });

  describe('/jars/:jarid/plan', () => {
    test('returns the plan without submitting, by POST (body) or GET (query)', async () => {
      await upload(base, 'job.jar', 'x');
      const post = await fetch(`${base}/jars/job.jar/plan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"parallelism":3}' });
      assert.equal(post.status, 200);
      const { plan } = (await post.json()) as { plan: { nodes: { parallelism: number }[] } };
      assert.equal(plan.nodes[0]!.parallelism, 3);
      const get = await fetch(`${base}/v1/jars/job.jar/plan?parallelism=4&entry-class=WordCount`);
      assert.equal(get.status, 200);
      assert.equal(((await get.json()) as { plan: { nodes: { parallelism: number }[] } }).plan.nodes[0]!.parallelism, 4);
      assert.equal(h.dispatcher.submitted.length, 0);
      assert.equal((await fetch(`${base}/jars/job.jar/plan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"programArgs":"a","programArgsList":["b"]}' })).status, 400);
    });
  });
});

describe('jar recovery after a restart', () => {
  test('lists the jars left in the upload directory, re-describing them lazily', async () => {
    const first = await startHarness();
    const base = `http://127.0.0.1:${await first.server.listen('127.0.0.1', 0)}`;
    const id = basename((await upload(base, 'word-count-1.0.jar', 'PK')).body.filename as string);
    await first.server.close();
    // What a crash mid-upload and a stray file leave behind.
    await writeFile(join(first.uploadDir, `.upload-${id}`), 'partial');
    await writeFile(join(first.uploadDir, 'README'), 'not a jar');

    const second = await startHarness({ uploadDir: first.uploadDir });
    try {
      assert.equal(second.packages.described.length, 0);
      const list = (await second.server.app.inject({ url: '/jars' })).json<{ files: { id: string; name: string; entry: unknown[] }[] }>();
      assert.deepEqual(list.files.map((f) => [f.id, f.name, f.entry.length]), [[id, 'word-count-1.0.jar', 2]]);
      assert.deepEqual((await readdir(first.uploadDir)).sort(), [id, 'README'].sort());
      const res = await second.server.app.inject({ method: 'POST', url: '/jars/word-count-1.0.jar/run' });
      assert.equal(res.statusCode, 200);
    } finally {
      await second.close();
      await first.close();
    }
  });

  test('creates a missing upload directory', async () => {
    const h = await startHarness();
    try {
      const nested = join(h.uploadDir, 'a', 'b');
      const other = await startHarness({ uploadDir: nested });
      await other.close();
      assert.deepEqual(await readdir(nested), []);
    } finally {
      await h.close();
    }
  });
});
