/**
 * The CheckpointedCount job (tests/fixtures/jobs/checkpointed-count.ts) on a test cluster: the
 * cluster it runs on, the per-key counts its at-least-once sink wrote, and the lines its FileSink
 * committed.
 */
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
  for (const file of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean)) {
      const [k, n] = line.split('=').map(Number);
      keys.set(k!, [...(keys.get(k!) ?? []), n!]);
    }
  }
  return keys;
}

/** The `<subtask>-<attempt>` of every writer that saw the end of its input (a drained run), sorted. */
export function endedOf(out: string): string[] {
  const dir = join(out, 'ended');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}
