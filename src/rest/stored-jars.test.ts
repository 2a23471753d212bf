import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, describe, test } from 'node:test';
import { decodeStoredName, encodeStoredName } from './jars/stored-name.js';
import { startHarness, upload, type Harness } from './test-fixtures.js';

interface JarList {
  files: { id: string; name: string }[];
}

async function listJars(base: string): Promise<JarList['files']> {
  return ((await (await fetch(`${base}/jars`)).json()) as JarList).files;
}

async function started(config: Record<string, string>, uploadDir?: string): Promise<{ h: Harness; base: string }> {
  const h = await startHarness({ config, ...(uploadDir !== undefined && { uploadDir }) });
  return { h, base: `http://127.0.0.1:${await h.server.listen('127.0.0.1', 0)}` };
}

function post(url: string, body: unknown = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('stored file names', () => {
  test('keep letters, digits, . - _ and write every other byte as ~XX, reversibly', () => {
    assert.equal(encodeStoredName('word-count_1.0.jar'), 'word-count_1.0.jar');
    assert.equal(encodeStoredName('a "b" <c>.jar'), 'a~20~22b~22~20~3Cc~3E.jar');
    assert.equal(encodeStoredName('wörd~%.js'), 'w~C3~B6rd~7E~25.js');
    for (const name of ['a "b" <c>.jar', 'wörd~%.js', "it's (1).zip", '日本.mjs']) assert.equal(decodeStoredName(encodeStoredName(name)), name);
    assert.equal(decodeStoredName('a"b.jar'), undefined, 'not in the stored form');
  });

  test('an upload is stored under its safe name; GET /jars shows the uploaded name, also after a restart', async () => {
    let { h, base } = await started({});
    try {
      // (FormData sends a double quote in a file name as %22, so this one has single quotes.)
      const name = "my 'job' <v2> ü.jar";
      const res = await upload(base, name, 'PK-jar');
      assert.equal(res.status, 200);
      const [stored] = await readdir(h.uploadDir);
      assert.match(stored!, /^[0-9a-f-]{36}_my~20~27job~27~20~3Cv2~3E~20~C3~BC\.jar$/);
      assert.ok((res.body.filename as string).endsWith(stored!));
      assert.deepEqual((await listJars(base)).map((j) => [j.id, j.name]), [[stored, name]]);
      assert.equal((await post(`${base}/jars/${stored}/run`)).status, 200, 'the stored name is the jar id');
      assert.equal((await post(`${base}/jars/${encodeURIComponent(name)}/run`)).status, 200, 'and the uploaded name finds it too');

      const uploadDir = h.uploadDir;
      await h.server.close();
      ({ h, base } = await started({}, uploadDir));
      assert.deepEqual((await listJars(base)).map((j) => [j.id, j.name]), [[stored, name]]);
    } finally {
      await h.close();
    }
  });
});

describe('stored jar caps', () => {
  const harnesses: Harness[] = [];
  after(async () => {
    for (const h of harnesses) await h.close();
  });

  test('past web.upload.max-jars the least recently used jar no running job uses is removed; with all in use the upload is refused (409)', async () => {
    const { h, base } = await started({ 'web.upload.max-jars': '3' });
    harnesses.push(h);
    const ids: Record<string, string> = {};
    const put = async (name: string): Promise<number> => {
      const res = await upload(base, `${name}.jar`, name);
      if (res.status === 200) ids[name] = (res.body.filename as string).split('/').pop()!;
      return res.status;
    };
    const stored = async (): Promise<string[]> => (await listJars(base)).map((j) => j.name).sort();
    for (const name of ['j1', 'j2', 'j3']) assert.equal(await put(name), 200);
    const runJ1 = (await (await post(`${base}/jars/${ids.j1}/run`)).json()) as { jobid: string };
    assert.equal((await post(`${base}/jars/${ids.j2}/plan`)).status, 200);

    assert.equal(await put('j4'), 200);
    assert.deepEqual(await stored(), ['j1.jar', 'j2.jar', 'j4.jar'], 'j3 was used longest ago');
    assert.equal(await put('j5'), 200);
    assert.deepEqual(await stored(), ['j1.jar', 'j4.jar', 'j5.jar'], 'j1 is older, but its job runs');

    await fetch(`${base}/jobs/${runJ1.jobid}`, { method: 'PATCH' });
    assert.equal(h.dispatcher.jobs.get(runJ1.jobid)!.state, 'CANCELED');
    assert.equal(await put('j6'), 200);
    assert.deepEqual(await stored(), ['j4.jar', 'j5.jar', 'j6.jar'], 'once its job ended, j1 goes');

    for (const name of ['j4', 'j5', 'j6']) assert.equal((await post(`${base}/jars/${ids[name]}/run`)).status, 200);
    const refused = await upload(base, 'j7.jar', 'j7');
    assert.equal(refused.status, 409);
    assert.match((refused.body.errors as string[])[0]!, /Cannot store 'j7\.jar': .*web\.upload\.max-jars \(3\).*every one is in use by a running job/);
    assert.deepEqual(await stored(), ['j4.jar', 'j5.jar', 'j6.jar']);
    assert.equal((await readdir(h.uploadDir)).length, 3, 'the refused upload left no file');
  });

  test('web.upload.max-total-size bounds the bytes of all stored jars; one larger than it is 413', async () => {
    const { h, base } = await started({ 'web.upload.max-total-size': '100 b' });
    harnesses.push(h);
    assert.equal((await upload(base, 'a.jar', 'a'.repeat(60))).status, 200);
    assert.equal((await upload(base, 'b.jar', 'b'.repeat(60))).status, 200);
    assert.deepEqual((await listJars(base)).map((j) => j.name), ['b.jar'], 'a made room for b');
    const tooLarge = await upload(base, 'c.jar', 'c'.repeat(101));
    assert.equal(tooLarge.status, 413);
    assert.match((tooLarge.body.errors as string[])[0]!, /'c\.jar' \(101 bytes\) is larger than web\.upload\.max-total-size \(100 bytes\)/);
    assert.deepEqual((await listJars(base)).map((j) => j.name), ['b.jar']);
  });
});
