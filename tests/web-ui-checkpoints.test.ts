/**
 * The Web UI's Checkpoints tab in a real browser. With made-up Flink-shaped answers (page.route):
 * the overview's counts and latest checkpoints, a history row that expands to its vertices and a
 * vertex to its subtasks, the summary's statistics and every configuration field; a job with no
 * checkpoint yet says so on each sub-tab. Against a real cluster: a job run with
 * `execution.checkpointing.interval` shows its interval in the tab's Configuration, and a job
 * without checkpointing shows the API's "not enabled" message instead of the sub-tabs.
 * No page logs a console error (the browser's own line about an expected 404 aside).
 * With SLUICE_SCREENSHOTS=1 (`npm run docs:screenshots`) the history's screenshot goes to docs/images/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type {
  CheckpointConfigInfo, CheckpointingStatisticsInfo, CheckpointStatistics, TaskCheckpointStatisticsWithSubtaskDetails,
} from '../src/rest/api-types.js';
import { Browser, noBrowser, screenshot } from './helpers/browser.js';
import { ROOT, TestCluster, packageJob } from './helpers/processes.js';
import { wideJob } from './helpers/synthetic-jobs.js';

const cluster = new TestCluster();
let browser: Browser;
let failoverJar: string;

before(async () => {
  if (noBrowser) return;
  await packageJob(join(ROOT, 'tests/fixtures/jobs/failover.ts'), join(cluster.workDir, 'failover.jar'));
  await cluster.startJobManager();
  await cluster.startTaskManager(4);
  failoverJar = await cluster.uploadJar(join(cluster.workDir, 'failover.jar'));
  browser = await Browser.launch();
});

after(async () => {
  await browser?.close();
  await cluster.stop();
});

const json = (body: unknown) => ({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
const MiB = 1024 * 1024;
const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

const stats = (min: number, avg: number, max: number) => ({ min, avg, max, p50: avg, p90: max, p95: max, p99: max, p999: max });

const CONFIG: CheckpointConfigInfo = {
  mode: 'AT_LEAST_ONCE', interval: 5000, timeout: 600_000, min_pause: 500, max_concurrent: 2,
  externalization: { enabled: true, delete_on_cancellation: false },
  state_backend: 'HashMapStateBackend', checkpoint_storage: 'FileSystemCheckpointStorage', unaligned_checkpoints: false,
  tolerable_failed_checkpoints: 3, aligned_checkpoint_timeout: 0, checkpoints_after_tasks_finish: true,
  state_changelog_enabled: false, changelog_periodic_materialization_interval: 600_000, changelog_storage: 'memory',
};

/** A checkpoint's figures as Flink reports them (history rows have no `tasks`). */
function checkpoint(id: number, status: CheckpointStatistics['status'], acked: number, endToEnd: number, size: number): CheckpointStatistics {
  return {
    className: status.toLowerCase() as CheckpointStatistics['className'], id, status, is_savepoint: false, checkpoint_type: 'CHECKPOINT',
    trigger_timestamp: NOW - 100_000 + id * 1000, latest_ack_timestamp: acked > 0 ? NOW - 100_000 + id * 1000 + endToEnd : -1,
    checkpointed_size: size, state_size: size * 2, end_to_end_duration: acked > 0 ? endToEnd : -1,
    alignment_buffered: 0, processed_data: 2048, persisted_data: 0, num_subtasks: 4, num_acknowledged_subtasks: acked, tasks: {},
  };
}

/** `/jobs/:id/checkpoints` of a job that checkpointed: 9 triggered, one in progress, one failed, one restore. */
function statistics(jobId: string): CheckpointingStatisticsInfo {
  const completed = { ...checkpoint(8, 'COMPLETED', 4, 61_000, 2.5 * MiB), className: 'completed' as const, external_path: `/ckpt/${jobId}/chk-8`, discarded: false };
  const failed = { ...checkpoint(7, 'FAILED', 1, 1000, 0), failure_timestamp: NOW - 90_000, failure_message: 'Checkpoint expired before completing.' };
  return {
    counts: { restored: 1, total: 9, in_progress: 1, completed: 6, failed: 2 },
    summary: {
      end_to_end_duration: stats(1000, 5000, 61_000), checkpointed_size: stats(MiB, 2 * MiB, 2.5 * MiB), state_size: stats(2 * MiB, 4 * MiB, 5 * MiB),
      processed_data: stats(0, 1024, 2048), persisted_data: stats(0, 0, 0), alignment_buffered: stats(0, 0, 0),
    },
    latest: { completed, savepoint: null, failed, restored: { id: 3, restore_timestamp: NOW - 200_000, is_savepoint: false, external_path: `/ckpt/${jobId}/chk-3` } },
    history: [checkpoint(9, 'IN_PROGRESS', 2, 0, 0), completed, failed],
  };
}

/** `/jobs/:id/checkpoints/details/8/subtasks/:vid`: three subtasks acknowledged, the fourth never did. */
function subtaskDetails(): TaskCheckpointStatisticsWithSubtaskDetails {
  const subtask = (index: number) => ({
    className: 'completed', index, status: 'completed' as const, ack_timestamp: NOW, end_to_end_duration: 1000 * (index + 1),
    checkpointed_size: MiB, state_size: 2 * MiB, checkpoint: { sync: 3, async: 40 },
    alignment: { buffered: 0, processed: 0, persisted: 0, duration: 7 }, start_delay: 2, unaligned_checkpoint: false, aborted: false,
  });
  return {
    ...checkpoint(8, 'COMPLETED', 3, 3000, 3 * MiB),
    summary: {
      end_to_end_duration: stats(1000, 2000, 3000), checkpointed_size: stats(MiB, MiB, MiB), state_size: stats(2 * MiB, 2 * MiB, 2 * MiB),
      checkpoint_duration: { sync: stats(3, 3, 3), async: stats(40, 40, 40) },
      alignment: { buffered: stats(0, 0, 0), processed: stats(0, 0, 0), persisted: stats(0, 0, 0), duration: stats(7, 7, 7) },
      start_delay: stats(2, 2, 2),
    },
    subtasks: [subtask(0), subtask(1), subtask(2), { className: 'pending', index: 3, status: 'pending_or_failed' }],
  };
}

/**
 * Answers the job page of a made-up running job whose checkpoint routes answer `checkpoints`;
 * the job is FINISHED from the call of the function returned on.
 */
async function routeJob(page: Page, jobId: string, checkpoints: CheckpointingStatisticsInfo): Promise<() => void> {
  const wide = wideJob(jobId, 'b'.repeat(32), 4);
  const vertexId = wide.vertex.id;
  let job = wide.job;
  await page.route(new RegExp(`/jobs/${jobId}(/|$|\\?)`), (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^.*\/jobs\/[0-9a-f]+/, '');
    if (path === '') return route.fulfill(json(job));
    if (path === '/checkpoints') return route.fulfill(json(checkpoints));
    if (path === '/checkpoints/config') return route.fulfill(json(CONFIG));
    if (path === '/checkpoints/details/8') return route.fulfill(json({ ...checkpoints.latest.completed, tasks: { [vertexId]: subtaskDetails() } }));
    if (path === `/checkpoints/details/8/subtasks/${vertexId}`) return route.fulfill(json(subtaskDetails()));
    if (path.endsWith('/subtasks/metrics')) return route.fulfill(json([]));
    return route.fulfill({ status: 404, contentType: 'application/json', body: '{"errors":["not mocked"]}' });
  });
  return () => {
    job = { ...wide.job, state: 'FINISHED' };
  };
}

test('the Checkpoints tab shows the counts, the latest checkpoints, the history with details, the summary and the configuration', { skip: noBrowser }, async () => {
  const { page, problems } = await browser.page();
  const jobId = 'a'.repeat(32);
  await routeJob(page, jobId, statistics(jobId));
  await page.goto(`${cluster.restUrl}/#/job/running/${jobId}/overview`);
  await page.getByRole('link', { name: 'Checkpoints' }).click();

  const overview = page.getByTestId('checkpoint-overview');
  await overview.waitFor();
  assert.match(await page.getByTestId('checkpoint-counts').innerText(), /Triggered\s+9\s+In Progress\s+1\s+Completed\s+6\s+Failed\s+2\s+Restored\s+1/);
  const completed = await page.getByTestId('checkpoint-completed').innerText();
  assert.match(completed, /ID\s+8\s+Completion Time\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+End to End Duration\s+1m 1s\s+Checkpointed Data Size\s+2\.5 MiB\s+Full Checkpoint Data Size\s+5 MiB/);
  assert.match(completed, new RegExp(`Path\\s+/ckpt/${jobId}/chk-8`));
  assert.match(await page.getByTestId('checkpoint-failed').innerText(), /ID\s+7[\s\S]*Cause\s+Checkpoint expired before completing\./);
  assert.match(await page.getByTestId('checkpoint-savepoint').innerText(), /Latest Savepoint\s+None/);
  assert.match(await page.getByTestId('checkpoint-restored').innerText(), new RegExp(`ID\\s+3[\\s\\S]*Type\\s+Checkpoint\\s+Path\\s+/ckpt/${jobId}/chk-3`));

  // History: most recent first; the checkpoint in progress shows its share of acknowledgements.
  await page.getByRole('link', { name: 'History' }).click();
  assert.match(page.url(), new RegExp(`#/job/running/${jobId}/checkpoints/history$`));
  const rows = page.getByTestId('checkpoint-history').locator('tbody > tr');
  await rows.nth(2).waitFor();
  const texts = await rows.allInnerTexts();
  assert.equal(texts.length, 3);
  assert.match(texts[0]!, /9\s+IN_PROGRESS\s+2\/4 \(50\.0 %\)/);
  assert.match(texts[1]!, /8\s+COMPLETED\s+4\/4\s[\s\S]*1m 1s\s+2\.5 MiB\s+5 MiB\s+2 KiB \(0 B\)/);
  assert.match(texts[2]!, /7\s+FAILED\s+1\/4 \(25\.0 %\)/);

  // A row expands to the checkpoint's vertices, a vertex to its subtasks.
  await rows.nth(1).click();
  const detail = page.getByTestId('checkpoint-detail');
  await detail.getByTestId('checkpoint-vertices').getByText('Source: Wide').waitFor();
  assert.match(await detail.innerText(), new RegExp(`Path\\s+/ckpt/${jobId}/chk-8[\\s\\S]*Checkpoint Type\\s+aligned checkpoint`));
  assert.match(await detail.getByTestId('checkpoint-vertices').locator('tbody > tr').first().innerText(), /Source: Wide\s+3\/4 \(75\.0 %\)[\s\S]*3s\s+3 MiB\s+6 MiB/);
  await detail.getByText('Source: Wide').click();
  const subtasks = page.getByTestId('checkpoint-subtasks').locator('tbody tr:not(.spacer)');
  await subtasks.nth(3).waitFor();
  assert.match(await subtasks.nth(1).innerText(), /^1\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+2s\s+1 MiB\s+2 MiB\s+3ms\s+40ms\s+0 B \(0 B\)\s+7ms\s+2ms\s+false$/);
  assert.match(await subtasks.nth(3).innerText(), /^3\s+n\/a$/);
  assert.match(await page.getByTestId('checkpoint-subtask-summary').innerText(), /Maximum\s+3s\s+1 MiB\s+2 MiB\s+3ms\s+40ms/);
  await screenshot(page, 'job-checkpoints', { fullPage: true });

  await page.getByRole('link', { name: 'Summary' }).click();
  const summary = await page.getByTestId('checkpoint-summary').innerText();
  assert.match(summary, /Minimum\s+1s\s+1 MiB\s+2 MiB\s+0 B \(0 B\)/);
  assert.match(summary, /Average\s+5s\s+2 MiB\s+4 MiB\s+1 KiB \(0 B\)/);
  assert.match(summary, /Maximum\s+1m 1s\s+2\.5 MiB\s+5 MiB\s+2 KiB \(0 B\)/);
  assert.match(summary, /50% percentile\s+5s[\s\S]*90% percentile\s+1m 1s[\s\S]*99% percentile\s+1m 1s/);

  await page.getByRole('link', { name: 'Configuration' }).nth(1).click();
  const config = await page.getByTestId('checkpoint-config').innerText();
  for (const line of [
    /Checkpointing Mode\s+At Least Once/, /Checkpoint Storage\s+FileSystemCheckpointStorage/, /State Backend\s+HashMapStateBackend/,
    /Interval\s+5s/, /Timeout\s+10m 0s/, /Minimum Pause Between Checkpoints\s+500ms/, /Maximum Concurrent Checkpoints\s+2/,
    /Unaligned Checkpoints\s+Disabled/, /Persist Checkpoints Externally\s+Enabled \(retain on cancellation\)/,
    /Tolerable Failed Checkpoints\s+3/, /Checkpoints With Finished Tasks\s+Enabled/, /Changelog State Backend\s+Disabled/,
    /Changelog Storage\s+memory/,
  ]) assert.match(config, line);
  assert.deepEqual(problems, []);
});

test('before its first checkpoint a job\'s Checkpoints tab says there is none yet; when the job ends its page keeps the sub-tab', { skip: noBrowser }, async () => {
  const { page, problems } = await browser.page();
  const jobId = 'c'.repeat(32);
  const none = statistics(jobId);
  const finish = await routeJob(page, jobId, {
    ...none,
    counts: { restored: 0, total: 0, in_progress: 0, completed: 0, failed: 0 },
    latest: { completed: null, savepoint: null, failed: null, restored: null },
    history: [],
  });
  await page.goto(`${cluster.restUrl}/#/job/running/${jobId}/checkpoints`);
  await page.getByTestId('checkpoint-overview').waitFor();
  assert.match(await page.getByTestId('checkpoint-counts').innerText(), /Triggered\s+0/);
  for (const id of ['completed', 'failed', 'savepoint', 'restored']) assert.match(await page.getByTestId(`checkpoint-${id}`).innerText(), /None$/);
  await page.getByRole('link', { name: 'History' }).click();
  await page.getByText('No checkpoint has been triggered yet.').waitFor();
  await page.getByRole('link', { name: 'Summary' }).click();
  await page.getByText('No checkpoint has completed yet.').waitFor();

  // A job that ends moves to the completed jobs, on the same sub-tab.
  finish();
  await page.waitForURL(new RegExp(`#/job/completed/${jobId}/checkpoints/summary$`));
  await page.getByText('No checkpoint has completed yet.').waitFor();
  assert.deepEqual(problems, []);
});

test('a job run with a checkpoint interval shows it in its Checkpoints tab; a job without checkpointing says it is not enabled', { skip: noBrowser }, async () => {
  const checkpointing = await cluster.runJar(failoverJar, {
    entryClass: 'SlowCount', parallelism: 2, programArgsList: ['100000000', '200', join(cluster.workDir, 'checkpointing')],
    flinkConfiguration: { 'execution.checkpointing.interval': '7 s' },
  });
  const { page, problems } = await browser.page();
  await page.goto(`${cluster.restUrl}/#/job/running/${checkpointing}/checkpoints`);
  // Whatever the cluster has counted so far: the tab shows the statistics it answers.
  await page.getByTestId('checkpoint-counts').getByText('Triggered').waitFor();
  await page.getByRole('link', { name: 'Configuration' }).nth(1).click();
  assert.match(await page.getByTestId('checkpoint-config').innerText(), /Checkpointing Mode\s+Exactly Once[\s\S]*Interval\s+7s/);
  assert.equal((await fetch(`${cluster.restUrl}/jobs/${checkpointing}?mode=cancel`, { method: 'PATCH' })).status, 202);
  await cluster.waitForJobEnd(checkpointing);
  assert.deepEqual(problems, []);

  const plain = await cluster.runJar(failoverJar, { entryClass: 'SlowCount', programArgsList: ['10', '1000', join(cluster.workDir, 'plain')] });
  await cluster.waitForJobEnd(plain);
  const other = await browser.page();
  await other.page.goto(`${cluster.restUrl}/#/job/completed/${plain}/checkpoints`);
  assert.match(await other.page.getByTestId('checkpoints-disabled').innerText(), /Checkpointing is not enabled/);
  assert.equal(await other.page.getByTestId('checkpoint-overview').count(), 0);
  assert.equal(await other.page.getByRole('link', { name: 'History' }).count(), 0);
  // The browser logs the 404 of /checkpoints/config itself; the page logs nothing else.
  assert.deepEqual(other.problems.filter((p) => !/status of 404/.test(p)), []);
});
