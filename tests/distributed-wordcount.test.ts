/**
 * WordCount at parallelism 2 on two TaskManager processes (one slot each), so the keyed shuffle
 * crosses TCP; and a job submitted before any TaskManager exists runs once one registers.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ROOT, TestCluster, packageJob, waitFor } from './helpers/processes.js';

const cluster = new TestCluster();
let jar: string;

/** Lines with a known word distribution: word i appears i+1 times in total. */
const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
const LINES: string[] = [];
for (let round = 0; round < WORDS.length; round++) LINES.push(WORDS.filter((_, i) => i >= round).join(' '));

function expectedCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of LINES) for (const w of line.split(' ')) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

before(async () => {
  jar = join(cluster.workDir, 'wordcount.jar');
  await packageJob(join(ROOT, 'examples/wordcount.ts'), jar);
  await cluster.startJobManager();
});

after(async () => {
  await cluster.stop();
});

async function upload(): Promise<string> {
  const form = new FormData();
  form.append('jarfile', new Blob([await import('node:fs/promises').then((fs) => fs.readFile(jar))]), 'wordcount.jar');
  const res = await fetch(`${cluster.restUrl}/jars/upload`, { method: 'POST', body: form });
  assert.equal(res.status, 200, await res.clone().text());
  const body = (await res.json()) as { filename: string };
  return body.filename.split('/').pop()!;
}

async function run(jarId: string, body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${cluster.restUrl}/jars/${jarId}/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as { jobid: string; errors?: string[] };
  assert.equal(res.status, 200, JSON.stringify(json));
  return json.jobid;
}

test('PATCH ?mode=cancel cancels a job that waits for slots', async () => {
  const jobId = await run(await upload(), { entryClass: 'WordCount' });
  const res = await fetch(`${cluster.restUrl}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
  assert.equal(res.status, 202);
  const job = await cluster.waitForJobEnd(jobId);
  assert.equal(job.state, 'CANCELED');
  assert.equal((job.tasks as Record<string, number>).canceled, 2);
  const again = await fetch(`${cluster.restUrl}/v1/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
  assert.equal(again.status, 409, 'a job that already ended cannot be cancelled');
});

test('a job submitted before any TaskManager runs once one registers', async () => {
  const jarId = await upload();
  const jobId = await run(jarId, { entryClass: 'WordCount' });
  const waiting = await cluster.getJson(`/jobs/${jobId}`);
  assert.ok(['CREATED', 'RUNNING', 'INITIALIZING'].includes(waiting.state as string), `state ${String(waiting.state)}`);
  assert.equal((waiting.tasks as Record<string, number>).scheduled, 2, 'both subtasks wait for a slot');
  await cluster.startTaskManager(1);
  const job = await cluster.waitForJobEnd(jobId);
  assert.equal(job.state, 'FINISHED', cluster.output());
});

test('parallelism 2 across two TaskManagers gives correct counts', async () => {
  await cluster.startTaskManager(1);
  const jarId = await upload();
  const before = cluster.processes.filter((p) => p.name.startsWith('taskmanager')).map((p) => p.stdout.length);
  const jobId = await run(jarId, { entryClass: 'WordCount', parallelism: 2, programArgsList: LINES });
  const job = await cluster.waitForJobEnd(jobId);
  assert.equal(job.state, 'FINISHED', cluster.output());

  const tms = cluster.processes.filter((p) => p.name.startsWith('taskmanager'));
  // Rolling sums: the last count printed per word is its total; every line is prefixed "N> ".
  const finalCounts = new Map<string, number>();
  const subtasksOfWord = new Map<string, Set<string>>();
  const parse = (): Map<string, number> => {
    finalCounts.clear();
    subtasksOfWord.clear();
    for (const line of tms.flatMap((p, i) => p.stdout.slice(before[i]).trim().split('\n').filter(Boolean))) {
      const m = /^([12])> \((\w+),(\d+)\)$/.exec(line);
      assert.ok(m, `unexpected line '${line}'`);
      finalCounts.set(m[2]!, Math.max(finalCounts.get(m[2]!) ?? 0, Number(m[3])));
      subtasksOfWord.set(m[2]!, (subtasksOfWord.get(m[2]!) ?? new Set()).add(m[1]!));
    }
    return finalCounts;
  };
  // Both TaskManagers wrote their output before reporting FINISHED; it may still be in the pipes to us.
  const expected = expectedCounts();
  await waitFor('the final counts in stdout', () => (isDeepStrictEqual(parse(), expected) ? true : undefined), 10_000).catch(() => undefined);
  assert.deepEqual(finalCounts, expected);
  for (const [word, subtasks] of subtasksOfWord) assert.equal(subtasks.size, 1, `${word} counted by one subtask`);
  // Both TaskManagers printed: the keyed stream really was split across processes.
  for (const [i, p] of tms.entries()) assert.ok(p.stdout.slice(before[i]).trim().length > 0, `${p.name} printed nothing`);
  const vertices = job.vertices as { name: string; parallelism: number; metrics: Record<string, number> }[];
  const keyed = vertices.find((v) => v.name.startsWith('Keyed Aggregation'))!;
  assert.equal(keyed.parallelism, 2);
  assert.ok(keyed.metrics['read-bytes'] > 0, 'the keyed vertex received serialized batches');
  // Every batch encoded is counted once on each side, also one that reached its task before the task had loaded.
  const total = (field: string): number => vertices.reduce((sum, v) => sum + v.metrics[field]!, 0);
  assert.equal(total('read-bytes'), total('write-bytes'));
});
