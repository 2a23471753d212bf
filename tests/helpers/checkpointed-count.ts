/**
 * The CheckpointedCount job (tests/fixtures/jobs/checkpointed-count.ts) on a test cluster: the
 * cluster it runs on, the per-key counts its at-least-once sink wrote, and the lines its FileSink
 * committed.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, packageJob, type TestCluster } from './processes.js';

/** The keys CheckpointedCount counts (`i % 8`). */
export const KEYS = 8;

/** Starts a JobManager and a TaskManager of `slots` slots and uploads the job's package; resolves to its jar id. */
export async function startCountCluster(cluster: TestCluster, slots = 2): Promise<string> {
  const jar = join(cluster.workDir, 'checkpointed-count.jar');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/checkpointed-count.ts'), jar);
  await cluster.startJobManager();
  await cluster.startTaskManager(slots);
  return cluster.uploadJar(jar);
}

/** The non-empty lines of a file. */
export const linesOf = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

/** The lines of the FileSink's visible part files under `out/committed`, in part order (`part-<uid>-<subtask>-<n>`). */
export function committedLines(out: string): string[] {
  const dir = join(out, 'committed');
  const parts = readdirSync(dir).filter((f) => !f.startsWith('.')).sort((a, b) => Number(a.split('-').at(-1)) - Number(b.split('-').at(-1)));
  return parts.flatMap((part) => linesOf(join(dir, part)));
}

/** Per key, the counts a run's at-least-once sink wrote under `out` (one run, no restarts: attempt 0), in order. */
export function countsOf(out: string): Map<number, number[]> {
  const keys = new Map<number, number[]>();
  const dir = join(out, 'attempts');
  if (!existsSync(dir)) return keys;
  for (const file of readdirSync(dir)) addCounts(keys, linesOf(join(dir, file)));
  return keys;
}

/** The `<subtask>-<attempt>` of every writer that saw the end of its input (a drained run), sorted. */
export function endedOf(out: string): string[] {
  const dir = join(out, 'ended');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** Appends the `key=count` lines to `keys`. */
function addCounts(keys: Map<number, number[]>, lines: string[]): void {
  for (const line of lines) {
    const [k, n] = line.split('=').map(Number);
    keys.set(k!, [...(keys.get(k!) ?? []), n!]);
  }
}

/** Per key, the counts each attempt's at-least-once files hold, in order, by attempt number. */
export function countsByAttempt(out: string): Map<number, Map<number, number[]>> {
  const dir = join(out, 'attempts');
  const byAttempt = new Map<number, Map<number, number[]>>();
  if (!existsSync(dir)) return byAttempt;
  for (const file of readdirSync(dir)) {
    const attempt = Number(file.split('-')[1]);
    const keys = byAttempt.get(attempt) ?? new Map<number, number[]>();
    byAttempt.set(attempt, keys);
    addCounts(keys, linesOf(join(dir, file)));
  }
  return byAttempt;
}

/** Per key, the counts the FileSink committed, in order. */
export function committedCounts(out: string): Map<number, number[]> {
  const keys = new Map<number, number[]>();
  addCounts(keys, committedLines(out));
  return keys;
}

/** How many checkpoints of job `jobId` completed. */
export async function completedCheckpointsOf(cluster: TestCluster, jobId: string): Promise<number> {
  return (await cluster.getJson<{ counts: { completed: number } }>(`/jobs/${jobId}/checkpoints`)).counts.completed;
}

/** Asserts that the FileSink committed every key's counts 1..count/KEYS, each once, in order (exactly-once output of `count` numbers). */
export function assertCommittedExactlyOnce(out: string, count: number): void {
  const committed = committedCounts(out);
  const expected = Array.from({ length: count / KEYS }, (_, i) => i + 1);
  for (let k = 0; k < KEYS; k++) assert.deepEqual(committed.get(k), expected, `key ${k}: the committed output is 1..${count / KEYS}, each once, in order`);
}
