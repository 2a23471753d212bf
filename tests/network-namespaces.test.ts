/**
 * A cluster on three hosts (issue 4): the JobManager and two TaskManagers each in a network
 * namespace of its own, with its own address on a bridge, so nothing can lean on 127.0.0.1: the
 * address keys (`jobmanager.rpc.address`, `jobmanager.bind-host`, `rest.bind-address`,
 * `taskmanager.host`, `taskmanager.bind-host`) decide what is bound and advertised. A keyed job runs
 * across them; then one TaskManager's link is cut (its processes keep running, its connections
 * just go silent) and the JobManager handles it like a crash: lost after `heartbeat.timeout`, the
 * job restarts on the other TaskManager and finishes with correct counts. The namespaces are made
 * and removed by the test; where they cannot be (no root, no netns) it is skipped, saying so, except
 * on CI, where it fails (tests/helpers/prerequisites.ts).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { skipUnlessPresent } from './helpers/prerequisites.js';
import { ROOT, SLUICE_BIN, TestCluster, SluiceProcess, alive, packageJob, waitFor } from './helpers/processes.js';

const id = process.pid % 10_000;
const subnet = `10.213.${process.pid % 250}`;
const bridge = `slbr${id}`;
const hosts = {
  jm: { ns: `sl${id}jm`, veth: `slv${id}j`, ip: `${subnet}.1` },
  a: { ns: `sl${id}a`, veth: `slv${id}a`, ip: `${subnet}.2` },
  b: { ns: `sl${id}b`, veth: `slv${id}b`, ip: `${subnet}.3` },
};
const REST = `http://${hosts.jm.ip}:8081`;
const COMMON = ['heartbeat.interval=1 s', 'heartbeat.timeout=5 s', 'jobmanager.rpc.address=' + hosts.jm.ip, 'jobmanager.rpc.port=6123'];

const ip = (...args: string[]): void => void execFileSync('ip', args, { stdio: 'pipe' });
/** Why the tests skip (set only where they may skip; see skipUnlessPresent). */
let unsupported: string | false = false;
const processes: SluiceProcess[] = [];
// Only for its job-package and REST helpers; its processes are not used.
const helper = new TestCluster();

function setUpNetwork(): void {
  ip('link', 'add', bridge, 'type', 'bridge');
  ip('addr', 'add', `${subnet}.254/24`, 'dev', bridge);
  ip('link', 'set', bridge, 'up');
  for (const h of Object.values(hosts)) {
    ip('netns', 'add', h.ns);
    ip('link', 'add', h.veth, 'type', 'veth', 'peer', 'name', `${h.veth}p`);
    ip('link', 'set', `${h.veth}p`, 'netns', h.ns);
    ip('-n', h.ns, 'addr', 'add', `${h.ip}/24`, 'dev', `${h.veth}p`);
    ip('-n', h.ns, 'link', 'set', `${h.veth}p`, 'up');
    ip('-n', h.ns, 'link', 'set', 'lo', 'up');
    ip('link', 'set', h.veth, 'master', bridge);
    ip('link', 'set', h.veth, 'up');
  }
}

function tearDownNetwork(): void {
  for (const h of Object.values(hosts)) {
    try {
      ip('netns', 'del', h.ns); // removes the veth pair too
    } catch {
      // never made
    }
  }
  try {
    ip('link', 'del', bridge);
  } catch {
    // never made
  }
}

/** Starts `sluice <args>` inside a namespace (`ip netns exec` execs node, so the pid is node's). */
function startIn(ns: string, name: string, args: string[], config: string[]): SluiceProcess {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, SLUICE_BIN, ...args, ...[...COMMON, ...config].flatMap((c) => ['-D', c])], { stdio: ['ignore', 'pipe', 'pipe'] });
  const p = new SluiceProcess(name, child);
  processes.push(p);
  return p;
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(`${REST}${path}`);
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

let jarId: string;
let tmB: SluiceProcess;
let tmA: SluiceProcess;

before(async () => {
  if (process.getuid?.() !== 0) {
    unsupported = skipUnlessPresent('network namespaces need root, and this test runs as another user');
    return;
  }
  try {
    setUpNetwork();
  } catch (err) {
    tearDownNetwork();
    unsupported = skipUnlessPresent(`network namespaces are not available here (${(err as Error).message.split('\n')[0]})`);
    return;
  }
  const jar = join(helper.workDir, 'failover.jar');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/failover.ts'), jar);
  const jm = startIn(hosts.jm.ns, 'jobmanager', ['jobmanager'], [
    `jobmanager.bind-host=${hosts.jm.ip}`, `rest.bind-address=${hosts.jm.ip}`, `rest.address=${hosts.jm.ip}`, 'rest.port=8081',
    `jobmanager.work.dir=${join(helper.workDir, 'jm')}`, 'restart-strategy.type=fixed-delay', 'restart-strategy.fixed-delay.delay=100 ms',
    'cluster.evenly-spread-out-slots=true',
  ]);
  await waitFor('the JobManager REST API on its own host', async () => {
    if (jm.child.exitCode !== null) throw new Error(`The JobManager exited: ${jm.stderr}`);
    return (await fetch(`${REST}/overview`).catch(() => undefined))?.ok ? true : undefined;
  });
  const tm = (h: typeof hosts.a, name: string): SluiceProcess => startIn(h.ns, name, ['taskmanager'], [
    `taskmanager.host=${h.ip}`, `taskmanager.bind-host=${h.ip}`, 'taskmanager.numberOfTaskSlots=2',
    `taskmanager.resource-id=${name}`, `taskmanager.work.dir=${join(helper.workDir, name)}`,
  ]);
  tmA = tm(hosts.a, 'tm-a');
  tmB = tm(hosts.b, 'tm-b');
  await waitFor('both TaskManagers to register across the bridge', async () => ((await getJson<{ taskmanagers: unknown[] }>('/taskmanagers')).taskmanagers.length === 2 ? true : undefined));
  const form = new FormData();
  form.append('jarfile', new Blob([readFileSync(jar)]), 'failover.jar');
  const res = await fetch(`${REST}/jars/upload`, { method: 'POST', body: form });
  jarId = ((await res.json()) as { filename: string }).filename.split('/').pop()!;
});

after(async () => {
  for (const p of processes.reverse()) await p.stop(2_000);
  tearDownNetwork();
  await helper.stop();
});

async function run(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${REST}/jars/${jarId}/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200, await res.clone().text());
  return ((await res.json()) as { jobid: string }).jobid;
}

async function waitForEnd(jobId: string): Promise<{ state: string }> {
  let last: unknown;
  try {
    return await waitFor(`job ${jobId} to end`, async () => {
      const job = (last = await getJson<{ state: string }>(`/jobs/${jobId}`));
      return ['FINISHED', 'FAILED', 'CANCELED'].includes(job.state) ? job : undefined;
    }, 180_000);
  } catch (err) {
    const output = processes.map((p) => `--- ${p.name} stderr\n${p.stderr.slice(-6000)}`).join('\n');
    throw new Error(`${(err as Error).message}\nlast seen: ${JSON.stringify(last)}\n${output}`);
  }
}

/** Each key's last count printed by a TaskManager (`key=count` lines, after the subtask prefix). */
function lastCounts(stdout: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const m of stdout.matchAll(/(?:^|> )(\d)=(\d+)$/gm)) counts.set(Number(m[1]), Number(m[2]));
  return counts;
}

test('TaskManagers on other hosts register, advertise their own addresses, and run a keyed job across the network', async (t) => {
  if (unsupported) return t.skip(unsupported);
  const tms = await getJson<{ taskmanagers: { id: string; path: string }[] }>('/taskmanagers');
  assert.deepEqual(tms.taskmanagers.map((tm) => tm.id).sort(), ['tm-a', 'tm-b']);
  const jobId = await run({ entryClass: 'SlowCount', parallelism: 2, programArgsList: ['800', '8000', join(helper.workDir, 'across')] });
  assert.equal((await waitForEnd(jobId)).state, 'FINISHED');
  const job = await getJson<{ vertices: { metrics: Record<string, number> }[] }>(`/jobs/${jobId}`);
  assert.equal(job.vertices[1]!.metrics['read-records'], 800, 'every record crossed the keyed exchange');
  // Both TaskManagers ran a subtask: their data connections went host to host over the bridge.
  const exceptions = await getJson<{ exceptionHistory: { entries: unknown[] } }>(`/jobs/${jobId}/exceptions`);
  assert.equal(exceptions.exceptionHistory.entries.length, 0);
});

test('a TaskManager whose link is cut is lost after heartbeat.timeout, and the job finishes on the other one', async (t) => {
  if (unsupported) return t.skip(unsupported);
  const jobId = await run({ entryClass: 'SlowCountPrinted', parallelism: 2, programArgsList: ['4000', '1000'] });
  await waitFor('the job to run on both TaskManagers', async () => {
    const job = await getJson<{ state: string; vertices: { tasks: Record<string, number>; metrics: Record<string, number> }[] }>(`/jobs/${jobId}`);
    return job.vertices.every((v) => v.tasks.RUNNING === 2) && (job.vertices[1]!.metrics['read-records'] ?? 0) > 0 ? true : undefined;
  });
  const cutAt = Date.now();
  ip('link', 'set', hosts.b.veth, 'down');
  assert.equal((await waitForEnd(jobId)).state, 'FINISHED');
  const exceptions = await getJson<{ exceptionHistory: { entries: { taskManagerId?: string; stacktrace: string; timestamp: number }[] } }>(`/jobs/${jobId}/exceptions`);
  const lost = exceptions.exceptionHistory.entries.find((e) => e.taskManagerId === 'tm-b');
  assert.ok(lost, JSON.stringify(exceptions));
  assert.match(lost.stacktrace, /heartbeat of TaskManager with id tm-b timed out|tm-b is unreachable/);
  assert.ok(lost.timestamp >= cutAt);
  // The restarted run ran both subtasks on tm-a: its output has every key's full count last.
  const counts = lastCounts(tmA.stdout);
  assert.deepEqual([...counts.entries()].sort((x, y) => x[0] - y[0]), [0, 1, 2, 3, 4, 5, 6, 7].map((k) => [k, 500]));
  assert.ok(alive(tmB.pid), 'the cut-off TaskManager itself keeps running');
  assert.deepEqual((await getJson<{ taskmanagers: { id: string }[] }>('/taskmanagers')).taskmanagers.map((tm) => tm.id), ['tm-a']);
});
