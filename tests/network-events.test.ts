/**
 * In-band events through every kind of channel (issue 12): a job at parallelism 3 on two
 * TaskManagers (2 slots + 1 slot; slot sharing puts subtask i of every vertex in slot i), so each
 * all-to-all edge has channels within a worker thread, between the worker threads of one
 * TaskManager, and over TCP. With taskmanager.network.probe-interval every producer sends a
 * probe event on each channel after every N records of that channel; each consuming task's
 * InputGate checks that probe k arrives once, in order, after exactly k*N records of its channel
 * (and that none is missing at the end of partition), and fails the task otherwise. The tasks
 * log what they checked, and the test reads those lines: every channel of every consumer carried
 * probes, and all three channel kinds were among them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, TestCluster, packageJob, waitFor } from './helpers/processes.js';

const INTERVAL = 100;
const RECORDS = 60_000;

const cluster = new TestCluster();
let jarId: string;

before(async () => {
  const jar = join(cluster.workDir, 'network-probe.jar');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/network-probe.ts'), jar);
  await cluster.startJobManager();
  await cluster.startTaskManager(2);
  await cluster.startTaskManager(1);
  jarId = await cluster.uploadJar(jar);
});

after(async () => {
  await cluster.stop();
});

interface ProbeLine {
  msg: string;
  task: string;
  channels: { edge: string; producer: number; path: string; probes: number; records: number }[];
}

/** The "Probe events verified" lines every TaskManager logged. */
function probeLines(): ProbeLine[] {
  return cluster.processes
    .filter((p) => p.name.startsWith('taskmanager'))
    .flatMap((p) => p.stderr.split('\n'))
    .filter((line) => line.includes('"Probe events verified"'))
    .map((line) => JSON.parse(line) as ProbeLine);
}

test('probe events arrive once, in order with the records, on every local, thread and TCP channel', async () => {
  const jobId = await cluster.runJar(jarId, {
    entryClass: 'NetworkProbe',
    parallelism: 3,
    programArgsList: [String(RECORDS)],
    flinkConfiguration: { 'taskmanager.network.probe-interval': String(INTERVAL), 'restart-strategy.type': 'none' },
  });
  const job = await cluster.waitForJobEnd(jobId);
  assert.equal(job.state, 'FINISHED', cluster.output());

  // Sources have no input; the map and the keyed sum (3 subtasks each) log one line per task. A
  // TaskManager's log reaches its stderr pipe on its own time, maybe after the JobMaster saw FINISHED.
  const lines = await waitFor('six probe lines in the TaskManagers\' logs', () => (probeLines().length >= 6 ? probeLines() : undefined)).catch(() => probeLines());
  assert.equal(lines.length, 6, cluster.output());
  const paths = new Set<string>();
  let recordsIntoMaps = 0;
  for (const line of lines) {
    assert.equal(line.channels.length, 3, `${line.task}: one channel per upstream subtask`);
    for (const c of line.channels) {
      paths.add(c.path);
      assert.ok(c.probes > 0, `${line.task}: channel ${c.edge}/${c.producer} (${c.path}) carried probes`);
      assert.equal(c.probes, Math.floor(c.records / INTERVAL), `${line.task}: channel ${c.edge}/${c.producer} carried a probe per ${INTERVAL} records`);
    }
    if (line.task.startsWith('Map')) recordsIntoMaps += line.channels.reduce((n, c) => n + c.records, 0);
  }
  assert.deepEqual([...paths].sort(), ['local', 'remote', 'thread']);
  assert.equal(recordsIntoMaps, RECORDS, 'every record reached a map task once');
});
