/**
 * The CheckpointedCount job (tests/fixtures/jobs/checkpointed-count.ts) on a test cluster: the
 * cluster it runs on and the per-key counts its at-least-once sink wrote.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, packageJob, type TestCluster } from './processes.js';

/** The keys CheckpointedCount counts (`i % 8`). */
export const KEYS = 8;

/** Starts a JobManager and a TaskManager of 2 slots and uploads the job's package; resolves to its jar id. */
export async function startCountCluster(cluster: TestCluster): Promise<string> {
  const jar = join(cluster.workDir, 'checkpointed-count.jar');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/checkpointed-count.ts'), jar);
  await cluster.startJobManager();
  await cluster.startTaskManager(2);
  return cluster.uploadJar(jar);
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
