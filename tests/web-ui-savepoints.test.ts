/**
 * Savepoints in the Web UI, in a real browser against real processes: the Savepoint button of a
 * running job (its target directory prefilled with the cluster's savepoint directory) shows the
 * savepoint's path, and the Checkpoints tab marks it as a savepoint in the history; a savepoint
 * into an unwritable directory shows why it failed; the Submit form runs a job from the savepoint
 * with the restore settings chosen, and that job's Checkpoints tab shows the restore. The Stop
 * with Savepoint button, confirmed in its form, ends the job FINISHED and shows the savepoint's path.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Browser, noBrowser } from './helpers/browser.js';
import { TestCluster, waitFor } from './helpers/processes.js';
import { SlowCountJobs } from './helpers/slow-count.js';

const defaultSavepoints = mkdtempSync(join(tmpdir(), 'sluice-ui-savepoints-'));
const cluster = new TestCluster([`execution.checkpointing.savepoint-dir=${defaultSavepoints}`]);
const jobs = new SlowCountJobs(cluster);
let browser: Browser;

before(async () => {
  if (noBrowser) return;
  await jobs.start();
  browser = await Browser.launch();
});

after(async () => {
  await browser?.close();
  await cluster.stop();
  await rm(defaultSavepoints, { recursive: true, force: true });
});

/** Opens the Savepoint form on `page` and triggers it into `dir` (unchanged when undefined). */
async function takeSavepoint(page: Page, dir?: string): Promise<string> {
  await page.getByRole('button', { name: 'Savepoint', exact: true }).click();
  const form = page.getByTestId('savepoint-form');
  const target = form.getByLabel('Target Directory');
  // The cluster's default directory, once /jobmanager/config has answered.
  await waitFor('the default target directory', async () => ((await target.inputValue()) === defaultSavepoints ? true : undefined));
  if (dir !== undefined) await target.fill(dir);
  await form.getByRole('button', { name: 'Savepoint' }).click();
  const progress = page.getByTestId('savepoint-progress');
  await progress.getByText(/^Savepoint (completed|failed)/).waitFor({ timeout: 60_000 });
  return progress.innerText();
}

test('a savepoint taken with the button shows its path and is marked in the history; a job submitted from it with the form restores it', { skip: noBrowser }, async () => {
  const jobId = await jobs.run('first', { 'execution.checkpointing.interval': '1 h' });
  const { page, problems } = await browser.page();
  await page.goto(`${cluster.restUrl}/#/job/running/${jobId}/overview`);
  await page.getByRole('button', { name: 'Stop with Savepoint' }).waitFor();

  const shown = await takeSavepoint(page);
  const location = /^Savepoint completed: (\S+)$/.exec(shown)?.[1];
  assert.ok(location?.startsWith(`${defaultSavepoints}/savepoint-${jobId.slice(0, 6)}-`), shown);
  const stats = await cluster.getJson<{ latest: { savepoint: { external_path: string } } }>(`/jobs/${jobId}/checkpoints`);
  assert.equal(stats.latest.savepoint.external_path, location);

  await page.getByRole('link', { name: 'Checkpoints' }).click();
  await page.getByRole('link', { name: 'History' }).click();
  const row = page.getByTestId('checkpoint-history').locator('tbody > tr').first();
  assert.match(await row.innerText(), /COMPLETED \[Savepoint\]/);
  await row.click();
  assert.match(await page.getByTestId('checkpoint-detail').innerText(), new RegExp(`Path\\s+${location}[\\s\\S]*Checkpoint Type\\s+savepoint`));
  await jobs.cancel(jobId);

  // The Submit form runs the same program from the savepoint, with the restore settings chosen.
  await page.goto(`${cluster.restUrl}/#/submit`);
  await page.getByTestId('jar-list').locator('tbody tr', { hasText: 'failover.jar' }).click();
  const form = page.getByTestId('jar-run-form');
  await form.getByLabel('Entry Class').selectOption('SlowCount');
  await form.getByLabel('Program Arguments').fill(`1000000000 100 ${join(cluster.workDir, 'restored')}`);
  await form.getByLabel('Parallelism').fill('1');
  await form.getByLabel('Savepoint Path').fill(location!);
  assert.equal(await form.getByLabel('Restore Mode').inputValue(), 'NO_CLAIM');
  await form.getByLabel('Restore Mode').selectOption('CLAIM');
  await form.getByLabel('Allow Non Restored State').check();
  const run = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/run'));
  await form.getByRole('button', { name: 'Submit' }).click();
  const sent = (await run).postDataJSON() as Record<string, unknown>;
  assert.deepEqual([sent.savepointPath, sent.restoreMode, sent.allowNonRestoredState], [location, 'CLAIM', true]);
  const jobUrl = /#\/job\/running\/([0-9a-f]{32})\/overview$/;
  await page.waitForURL(jobUrl);
  const restoredId = jobUrl.exec(page.url())![1]!;

  await page.getByRole('link', { name: 'Checkpoints' }).click();
  const restore = page.getByTestId('checkpoint-restored');
  await restore.getByText(location!).waitFor();
  assert.match(await restore.innerText(), new RegExp(`Restore Time\\s+\\d{4}-\\d\\d-\\d\\d [\\s\\S]*Type\\s+Savepoint\\s+Path\\s+${location}$`));
  await jobs.cancel(restoredId);
  assert.deepEqual(problems, []);
});

test('a savepoint into a directory that cannot be created shows why it failed; the job keeps running', { skip: noBrowser }, async () => {
  const jobId = await jobs.run('unwritable', { 'execution.checkpointing.interval': '1 h' });
  const file = join(cluster.workDir, 'a-file');
  await writeFile(file, '');
  const { page, problems } = await browser.page();
  await page.goto(`${cluster.restUrl}/#/job/running/${jobId}/overview`);
  const shown = await takeSavepoint(page, join(file, 'savepoints'));
  assert.match(shown, /^Savepoint failed: .*could not create its directory .*a-file/);
  assert.equal((await cluster.getJson<{ state: string }>(`/jobs/${jobId}`)).state, 'RUNNING');
  // The job still runs: its header offers another savepoint.
  await page.getByRole('button', { name: 'Savepoint', exact: true }).waitFor();
  await jobs.cancel(jobId);
  assert.deepEqual(problems, []);
});

test('Stop with Savepoint, confirmed in its form, ends the job FINISHED and shows the savepoint\'s path', { skip: noBrowser }, async () => {
  const jobId = await jobs.run('stopped', { 'execution.checkpointing.interval': '1 h' });
  const { page, problems } = await browser.page();
  await page.goto(`${cluster.restUrl}/#/job/running/${jobId}/overview`);
  await page.getByRole('button', { name: 'Stop with Savepoint' }).click();
  const form = page.getByTestId('savepoint-form');
  await waitFor('the default target directory', async () => ((await form.getByLabel('Target Directory').inputValue()) === defaultSavepoints ? true : undefined));
  assert.equal(await form.getByLabel('Drain').isChecked(), false);
  await form.getByRole('button', { name: 'Stop with Savepoint' }).click();
  await page.getByTestId('job-header').locator('.job-title .state', { hasText: 'FINISHED' }).waitFor({ timeout: 120_000 });
  const progress = page.getByTestId('savepoint-progress');
  await progress.getByText(/^Savepoint (completed|failed)/).waitFor({ timeout: 60_000 });
  const location = /^Savepoint completed: (\S+)$/.exec(await progress.innerText())?.[1];
  assert.ok(location?.startsWith(`${defaultSavepoints}/savepoint-${jobId.slice(0, 6)}-`), await progress.innerText());
  assert.equal((await cluster.waitForJobEnd(jobId)).state, 'FINISHED');
  assert.equal((await cluster.getJson<{ latest: { savepoint: { external_path: string } } }>(`/jobs/${jobId}/checkpoints`)).latest.savepoint.external_path, location);
  assert.deepEqual(problems, []);
});
