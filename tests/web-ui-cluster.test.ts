/**
 * The Web UI's cluster pages in a real browser against a real cluster: Task Managers (slots,
 * stdout, logs, metrics), Job Manager (configuration, logs, thread dump) and Submit (upload with
 * progress, plan, run, errors, delete). Every page is checked for console errors; with
 * SLUICE_SCREENSHOTS=1 (`npm run docs:screenshots`) screenshots go to docs/images/ (shown in the README).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Browser, noBrowser, screenshot } from './helpers/browser.js';
import { ROOT, TestCluster, packageJob } from './helpers/processes.js';

const cluster = new TestCluster();
let browser: Browser;
let taskManagerId: string;
const wordCountJar = (): string => join(cluster.workDir, 'word-count.jar');

before(async () => {
  if (noBrowser) return;
  await cluster.startJobManager();
  await cluster.startTaskManager(2);
  await packageJob(join(ROOT, 'examples/wordcount.ts'), wordCountJar());
  taskManagerId = (await cluster.getJson<{ taskmanagers: Array<{ id: string }> }>('/taskmanagers')).taskmanagers[0]!.id;
  browser = await Browser.launch();
});

after(async () => {
  await browser?.close();
  await cluster.stop();
});

/** Opens a route in a new page; `problems` collects its console errors. */
async function open(route: string): Promise<{ page: Page; problems: string[] }> {
  const opened = await browser.page();
  await opened.page.goto(`${cluster.restUrl}/#/${route}`);
  return opened;
}

test('the Task Managers list links to a TaskManager whose slots show the running job and its tasks', { skip: noBrowser }, async () => {
  const { page, problems } = await open('task-manager');
  const list = page.getByTestId('task-manager-list');
  await list.getByText(taskManagerId).waitFor();
  assert.match(await list.innerText(), /127\.0\.0\.1.*\n?.*\t\d+\t.*\t2\t2\t0/);
  await screenshot(page, 'task-managers');

  // A rate-limited job that runs until cancelled holds both slots (parallelism 2, one slot sharing group).
  const jar = join(cluster.workDir, 'failover.jar');
  await packageJob(join(ROOT, 'tests/fixtures/jobs/failover.ts'), jar);
  const jarId = await cluster.uploadJar(jar);
  const jobId = await cluster.runJar(jarId, { entryClass: 'SlowCount', programArgsList: ['1000000', '20', join(cluster.workDir, 'slow-count')], parallelism: 2 });
  try {
    await list.getByText(taskManagerId).click();
    await page.waitForURL(/#\/task-manager\/[0-9a-f]+\/metrics$/);
    assert.match(await page.getByTestId('task-manager-summary').innerText(), /Task Heap\s+[\d.]+ [KMG]iB/);
    const slots = page.getByTestId('task-manager-slots');
    // The list is live: the job's slots appear without reloading the page.
    await slots.getByRole('link', { name: 'Slow count' }).first().waitFor();
    const rows = await slots.locator('tbody tr').allInnerTexts();
    assert.equal(rows.length, 2, rows.join('\n'));
    for (const row of rows) assert.match(row, new RegExp(`Slow count\\t${jobId}\\tRUNNING\\t\\d+`));
    await page.getByTestId('process-metrics').getByText(/\d+(\.\d+)? MiB/).first().waitFor();
    assert.match(await page.getByTestId('process-metrics').innerText(), /Heap used\t[\d.]+ MiB[\s\S]*Threads\t\d+[\s\S]*Scavenge\t\d+\t\d+ ms/);
  } finally {
    await fetch(`${cluster.restUrl}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
    await cluster.waitForJobEnd(jobId);
    await fetch(`${cluster.restUrl}/jars/${jarId}`, { method: 'DELETE' });
  }
  assert.deepEqual(problems, []);
});

test('Submit: upload with progress, entry points, plan, run; the output followed live in the TaskManager stdout; delete', { skip: noBrowser }, async () => {
  const { page, problems } = await open('submit');
  await page.getByTestId('jar-file-input').setInputFiles(wordCountJar());
  const status = page.getByTestId('upload-status');
  await status.and(page.locator('[data-state="done"]')).waitFor();
  assert.match(await status.innerText(), /word-count\.jar\s+Uploaded/);
  assert.equal(await status.locator('progress').getAttribute('value'), '1');

  const row = page.getByTestId('jar-list').locator('tbody tr', { hasText: 'word-count.jar' });
  await row.waitFor();
  assert.match(await row.innerText(), /\tWordCount\b/);
  await row.click();
  const form = page.getByTestId('jar-run-form');
  await form.getByLabel('Program Arguments').fill('sluice web ui sluice');

  await form.getByRole('button', { name: 'Show Plan' }).click();
  const plan = page.getByTestId('plan-preview');
  await plan.waitFor();
  // The plan preview is the job graph: a box per vertex, edges labelled with their ship strategy.
  await plan.getByTestId('graph-vertex').first().waitFor();
  assert.ok((await plan.getByTestId('graph-vertex').count()) >= 2);
  await plan.getByText('HASH').waitFor();
  await screenshot(page, 'submit');

  // A second tab follows the TaskManager's stdout while the job runs.
  const follower = await open(`task-manager/${taskManagerId}/stdout`);
  await follower.page.getByTestId('log-text').getByText('(empty)').waitFor();

  const jobUrl = /#\/job\/running\/([0-9a-f]{32})\/overview$/;
  await form.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL(jobUrl);
  const jobId = jobUrl.exec(page.url())![1]!;
  assert.equal((await cluster.waitForJobEnd(jobId)).state, 'FINISHED');

  const stdout = follower.page.getByTestId('log-text');
  await stdout.getByText('(sluice,2)').waitFor();
  const output = await stdout.innerText();
  for (const count of ['(sluice,1)', '(web,1)', '(ui,1)']) assert.ok(output.includes(count), output);
  await screenshot(follower.page, 'task-manager-stdout');
  assert.deepEqual(follower.problems, []);

  await page.goto(`${cluster.restUrl}/#/submit`);
  await row.click();
  await form.getByRole('button', { name: 'Delete' }).click();
  await page.getByText('No package uploaded yet.').waitFor();
  assert.equal(await row.count(), 0);
  assert.deepEqual((await cluster.getJson<{ files: unknown[] }>('/jars')).files, []);
  assert.deepEqual(problems, []);
});

test('a log viewer shows only the tail it asked for, starting at a whole line', { skip: noBrowser }, async () => {
  // 3000 distinct words print 3000 lines (about 35 KB) to the TaskManager's stdout.
  const words = Array.from({ length: 3000 }, (_, i) => `w${i}`);
  const jarId = await cluster.uploadJar(wordCountJar());
  const jobId = await cluster.runJar(jarId, { entryClass: 'WordCount', programArgsList: [words.join(' ')] });
  await cluster.waitForJobEnd(jobId);
  await fetch(`${cluster.restUrl}/jars/${jarId}`, { method: 'DELETE' });

  const { page, problems } = await open(`task-manager/${taskManagerId}/stdout`);
  const log = page.getByTestId('log-text');
  await log.getByText('(w2999,1)').waitFor();
  await page.getByLabel('Last').selectOption({ label: '16 KiB' });
  await page.getByText(/^bytes [\d.]+ KiB to [\d.]+ KiB of [\d.]+ KiB$/).waitFor();
  const lines = (await log.innerText()).trimEnd().split('\n');
  assert.ok(lines.length < 16 * 1024 / 8, `${lines.length} lines`);
  assert.match(lines[0]!, /^\(w\d+,1\)$/);
  assert.equal(lines.at(-1), '(w2999,1)');
  assert.deepEqual(problems, []);
});

test('Submit shows a server error (parallelism 0 is a 400) as a message', { skip: noBrowser }, async () => {
  const jarId = await cluster.uploadJar(wordCountJar());
  const { page, problems } = await open('submit');
  await page.getByTestId('jar-list').locator(`tr[data-jar-id="${jarId}"]`).click();
  const form = page.getByTestId('jar-run-form');
  await form.getByLabel('Parallelism').fill('0');
  await form.getByRole('button', { name: 'Submit' }).click();
  const alert = form.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /parallelism/i);
  assert.match(page.url(), /#\/submit$/);
  // The browser itself reports the failed request; nothing else may be on the console.
  assert.deepEqual(problems, ['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  await fetch(`${cluster.restUrl}/jars/${jarId}`, { method: 'DELETE' });
});

test('Job Manager: configuration, log (with a file of the log list), stdout, thread dump and metrics', { skip: noBrowser }, async () => {
  const { page, problems } = await open('job-manager/config');
  const config = page.getByTestId('job-manager-config');
  await config.getByText('rest.port').waitFor();
  assert.match(await config.innerText(), new RegExp(`rest\\.port\\t${cluster.restPort}`));
  await screenshot(page, 'job-manager-config');
  await page.getByPlaceholder('Filter keys and values').fill('heartbeat');
  await config.getByText('rest.port').waitFor({ state: 'detached' });
  assert.match(await config.innerText(), /heartbeat\.interval/);

  await page.getByRole('link', { name: 'Logs', exact: true }).click();
  await page.getByTestId('log-text').getByText(/JobManager started/).waitFor();
  await screenshot(page, 'job-manager-logs');
  await page.getByLabel('Follow').uncheck();
  await page.getByRole('button', { name: 'Reload' }).click();
  await page.getByTestId('log-text').getByText(/JobManager started/).waitFor();

  await page.getByRole('link', { name: 'Log List' }).click();
  const logFile = page.getByTestId('log-list').getByRole('link', { name: /jobmanager.*\.log$/ });
  await logFile.click();
  await page.getByTestId('log-text').getByText(/JobManager started/).waitFor();

  await page.getByRole('link', { name: 'Stdout' }).click();
  await page.getByTestId('log-text').getByText(/\(empty\)|\S/).first().waitFor();

  await page.getByRole('link', { name: 'Thread Dump' }).click();
  await page.getByTestId('thread-dump').getByText(/"main" Id=\d+/).waitFor();

  await page.getByRole('link', { name: 'Metrics' }).click();
  await page.getByTestId('process-metrics').getByText(/CPU load/).waitFor();
  await page.getByTestId('process-metrics').getByText(/\d+(\.\d+)? MiB/).first().waitFor();
  assert.deepEqual(problems, []);
});

test('Submit says so when web submission is disabled', { skip: noBrowser }, async () => {
  const closed = new TestCluster(['web.submit.enable=false']);
  try {
    await closed.startJobManager();
    const { page, problems } = await browser.page();
    await page.goto(`${closed.restUrl}/#/submit`);
    await page.getByTestId('submit-disabled').waitFor();
    assert.equal(await page.getByTestId('jar-file-input').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await closed.stop();
  }
});
