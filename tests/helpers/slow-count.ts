/** Reading the output of the SlowCount jobs (tests/fixtures/jobs/failover.ts). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Each key's last running count in the files a SlowCount job at parallelism 2 wrote to `dir`. */
export function lastCounts(dir: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const file of ['1', '2']) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, 'utf8').split('\n').filter(Boolean)) {
      const [k, n] = line.split('=').map(Number);
      counts.set(k!, n!);
    }
  }
  return counts;
}
