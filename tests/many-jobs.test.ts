/**
 * Many jobs on a small cluster (issue 4): 50 WordCount jobs submitted at once to a TaskManager with
 * 2 slots all finish as slots free up; afterwards nothing is left behind — no job packages in the
 * BlobServer or (after `blob.service.cleanup.interval`) the TaskManager's cache, no worker
 * threads, no sockets or files, no plan-extraction processes but the spare — and finished jobs
 * disappear after `jobstore.expiration-time`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { GiveUp, ROOT, TestCluster, packageJob, waitFor, type SluiceProcess } from './helpers/processes.js';

const JOBS = 50;
const cluster = new TestCluster(['jobstore.expiration-time=15 s', 'blob.service.cleanup.interval=1']);
let jobManager: SluiceProcess;
let taskManager: SluiceProcess;
let jarId: string;

before(async () => {
  const jar = join(cluster.workDir, 'wordcount.jar');
  await packageJob(join(ROOT, 'examples/wordcount.ts'), jar);
  jobManager = await cluster.startJobManager();
  taskManager = await cluster.startTaskManager(2);
  jarId = await cluster.uploadJar(jar);
});

after(async () => {
  await cluster.stop();
});

/** Inodes of the TCP connections accepted on local port `port` (from /proc/<pid>/net/tcp*). */
function connectionsOnPort(pid: number, port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['tcp', 'tcp6']) {
    const path = `/proc/${pid}/net/${table}`;
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // f[1] local address "ADDR:PORT" (hex), f[3] state (0A = LISTEN), f[9] inode.
      if (f.length > 9 && parseInt(f[1]!.split(':')[1]!, 16) === port && f[3] !== '0A') inodes.add(f[9]!);
    }
  }
  return inodes;
}

/**
 * What a process holds that a leak would grow: open file descriptors (files, sockets, pipes) and
 * threads. Connections to the REST port are left out: the test's HTTP client keeps them alive.
 */
function resources(pid: number): { fds: number; threads: number } {
  const threads = Number(/^Threads:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
  const rest = connectionsOnPort(pid, cluster.restPort);
  const fds = readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      return inode === undefined || !rest.has(inode);
    } catch {
      return false; // closed while we looked
    }
  });
  return { fds: fds.length, threads };
}

/** Live child processes of `pid`. */
function children(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

const blobFiles = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('blob_')) : []);

test(`${JOBS} concurrent submissions to 2 slots all finish, and leave nothing behind`, async () => {
  // A first job warms the processes up, so the baseline includes what stays (connections, caches).
  const warmUp = await cluster.runJar(jarId, { entryClass: 'WordCount' });
  assert.equal((await cluster.waitForJobEnd(warmUp)).state, 'FINISHED');
  await waitFor('the warm-up job to expire', async () => ((await cluster.getJson<{ jobs: unknown[] }>('/jobs/overview')).jobs.length === 0 ? true : undefined));
  const jmBefore = resources(jobManager.pid);
  const tmBefore = resources(taskManager.pid);

  // Finished jobs expire after 15 s, so each job is checked off as it is seen FINISHED. The mains
  // run a few at a time (web.plan-extraction.pool-size), so the first jobs may finish and expire
  // before the last is submitted: the check-off starts with the first submission, and its time
  // covers the submissions too.
  const finished = new Set<string>();
  let ids: string[] | undefined;
  let submissionFailed = false;
  const allFinished = waitFor('every job to finish', async () => {
    if (submissionFailed) throw new GiveUp('a submission failed');
    const { jobs } = await cluster.getJson<{ jobs: { jid: string; state: string }[] }>('/jobs/overview');
    for (const j of jobs) {
      if (j.state === 'FAILED' || j.state === 'CANCELED') throw new GiveUp(`job ${j.jid} ended ${j.state}`);
      if (j.state === 'FINISHED') finished.add(j.jid);
    }
    return ids?.every((id) => finished.has(id)) ? true : undefined;
  }, 300_000);
  try {
    ids = await Promise.all(Array.from({ length: JOBS }, (_, i) => cluster.runJar(jarId, { entryClass: 'WordCount', programArgsList: [`job ${i} of many`] })));
  } catch (err) {
    submissionFailed = true;
    await allFinished.catch(() => undefined);
    throw err;
  }
  assert.equal(new Set(ids).size, JOBS);
  await allFinished;
  await waitFor('both slots to be free', async () => ((await cluster.getJson<Record<string, number>>('/overview'))['slots-available'] === 2 ? true : undefined));

  // Packages: gone from the BlobServer, and from the TaskManager's cache once its slots are freed.
  await waitFor('the TaskManager to drop the cached packages', () => {
    const cached = blobFiles(join(cluster.workDir, 'tm-0', 'blobs')).length + readdirSync(join(cluster.workDir, 'tm-0', 'packages')).length;
    return cached === 0 ? true : undefined;
  });
  assert.deepEqual(blobFiles(join(cluster.workDir, 'jm', 'blobs')), []);

  await waitFor('the finished jobs to expire from the job store', async () => ((await cluster.getJson<{ jobs: unknown[] }>('/jobs/overview')).jobs.length === 0 ? true : undefined));
  await assert.rejects(cluster.getJson(`/jobs/${ids[0]}`), /404/);

  assert.ok(children(jobManager.pid).length <= 1, 'no plan-extraction process left but the one forked ahead for the next request');
  await waitFor('the processes to be back at their baseline', () => {
    const jm = resources(jobManager.pid);
    const tm = resources(taskManager.pid);
    const back = jm.fds <= jmBefore.fds + 2 && jm.threads <= jmBefore.threads && tm.fds <= tmBefore.fds + 2 && tm.threads <= tmBefore.threads;
    return back ? true : undefined;
  }).catch((err: Error) => {
    throw new Error(`${err.message}: JobManager ${JSON.stringify(jmBefore)} -> ${JSON.stringify(resources(jobManager.pid))}, TaskManager ${JSON.stringify(tmBefore)} -> ${JSON.stringify(resources(taskManager.pid))}`);
  });
});
