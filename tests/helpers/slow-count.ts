/** Running the SlowCount jobs (tests/fixtures/jobs/failover.ts) and reading their output. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, packageJob, waitFor, type TestCluster } from './processes.js';

/** SlowCount jobs on a cluster of one JobManager and one TaskManager with 2 slots. */
export class SlowCountJobs {
  private jarId = '';

  constructor(private readonly cluster: TestCluster) {}

  /** Packages failover.ts, starts the processes and uploads the package. */
  async start(): Promise<void> {
    const jar = join(this.cluster.workDir, 'failover.jar');
    await packageJob(join(ROOT, 'tests/fixtures/jobs/failover.ts'), jar);
    await this.cluster.startJobManager();
    await this.cluster.startTaskManager(2);
    this.jarId = await this.cluster.uploadJar(jar);
  }

  /**
   * Runs a slow keyed job (source -> keyBy/sum -> file `name` in the work dir, parallelism 1, no
   * restarts) with `config`; resolves with its id once every vertex runs.
   */
  async run(name: string, config: Record<string, string>): Promise<string> {
    const jobId = await this.cluster.runJar(this.jarId, {
      entryClass: 'SlowCount',
      programArgsList: ['1000000000', '100', join(this.cluster.workDir, name)],
      parallelism: 1,
      flinkConfiguration: { 'restart-strategy.type': 'none', ...config },
    });
    await waitFor(`job ${jobId} to run`, async () => {
      const job = await this.cluster.getJson<{ vertices: { status: string }[] }>(`/jobs/${jobId}`);
      return job.vertices.every((v) => v.status === 'RUNNING') ? true : undefined;
    });
    return jobId;
  }

  /** Cancels `jobId` and waits for its end. */
  async cancel(jobId: string): Promise<void> {
    await fetch(`${this.cluster.restUrl}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
    await this.cluster.waitForJobEnd(jobId);
  }
}

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
