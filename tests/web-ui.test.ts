/**
 * The Web UI in a real browser against a real cluster: pages render what the REST API says, with
 * no console errors. (overview.png, with jobs in its lists, comes from web-ui-jobs.test.ts.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, noBrowser } from './helpers/browser.js';
import { TestCluster } from './helpers/processes.js';

const cluster = new TestCluster();
let browser: Browser;

before(async () => {
  if (noBrowser) return;
  await cluster.startJobManager();
  await cluster.startTaskManager(2);
  browser = await Browser.launch();
});

after(async () => {
  await browser?.close();
  await cluster.stop();
});

test('the overview shows the cluster, live, with no console errors', { skip: noBrowser }, async () => {
  const { page, problems } = await browser.page();
  await page.goto(`${cluster.restUrl}/#/overview`);
  const stats = page.getByTestId('cluster-overview');
  await stats.waitFor();
  assert.match(await stats.innerText(), /Task Managers\s+1\s+Task Slots\s+2/);
  assert.deepEqual(problems, []);
});

test('an unknown route shows a not-found page', { skip: noBrowser }, async () => {
  const { page, problems } = await browser.page();
  await page.goto(`${cluster.restUrl}/#/no/such/page`);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  assert.deepEqual(problems, []);
});
