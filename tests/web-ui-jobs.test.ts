/**
 * The Web UI's job pages in a real browser against a real cluster: a job run through REST reaches
 * FINISHED on its page, its graph shows the vertices and ship strategies, a running job is
 * cancelled from its page, a job short of slots says what it waits for, a failing job's
 * exception is in the Exceptions tab, the timeline and
 * configuration tabs and the job lists show what the API says; with made-up answers (page.route),
 * 200 jobs and parallelism 128 render only the rows in view, a refused cancel is a message, and a
 * job that ends as the user leaves its page does not take them back to it.
 * No page logs a console error (a test expecting an error answer ignores the browser's own line
 * about that status).
 * With SLUICE_SCREENSHOTS=1 (`npm run docs:screenshots`) screenshots go to docs/images/ (shown in the README).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { Browser, noBrowser, screenshot } from './helpers/browser.js';
import { ROOT, TestCluster, packageJob, waitFor } from './helpers/processes.js';
import { manyJobs, wideJob } from './helpers/synthetic-jobs.js';

const cluster = new TestCluster();
let browser: Browser;
let failoverJar: string;
let wordCountJar: string;
/** The finished WordCount job, shared by the tests of its tabs. */
let wordCountJob: string;

before(async () => {
  if (noBrowser) return;
  await packageJob(join(ROOT, 'tests/fixtures/jobs/failover.ts'), join(cluster.workDir, 'failover.jar'));
  await packageJob(join(ROOT, 'tests/fixtures/jobs/word-count.ts'), join(cluster.workDir, 'word-count.jar'));
  await cluster.startJobManager();
  await cluster.startTaskManager(4);
  failoverJar = await cluster.uploadJar(join(cluster.workDir, 'failover.jar'));
  wordCountJar = await cluster.uploadJar(join(cluster.workDir, 'word-count.jar'));
  browser = await Browser.launch();
});

after(async () => {
  await browser?.close();
  await cluster.stop();
});

/** Waits until the job page's header shows `state`. */
async function headerState(page: Page, state: string, timeout = 60_000): Promise<void> {
  await page.getByTestId('job-header').locator('.job-title .state', { hasText: state }).waitFor({ timeout });
}

test('a job run through REST reaches FINISHED on its page; the graph shows its vertices and ship strategies', { skip: noBrowser }, async () => {
  wordCountJob = await cluster.runJar(wordCountJar, { entryClass: 'WordCount', parallelism: 2 });
  const { page, problems } = await browser.page();
  await page.goto(`${cluster.restUrl}/#/job/running/${wordCountJob}/overview`);
  await headerState(page, 'FINISHED');
  assert.match(await page.getByTestId('job-header').innerText(), new RegExp(wordCountJob));
  // The ended job's page moves from the running to the completed jobs, as in Flink.
  await page.waitForURL(new RegExp(`#/job/completed/${wordCountJob}/overview$`));

  const vertices = page.getByTestId('graph-vertex');
  await vertices.nth(2).waitFor();
  assert.equal(await vertices.count(), 3);
  assert.match(await vertices.nth(0).innerText(), /Source: Collection Source\s+Parallelism: 1/);
  const labels = await page.locator('.react-flow__edge-text').allTextContents();
  assert.deepEqual(labels.sort(), ['HASH', 'REBALANCE']);

  // A vertex's subtasks, fetched when it is expanded.
  await page.getByTestId('vertex-table').getByText('Flat Map').click();
  const subtasks = page.getByTestId('subtask-table').locator('tbody tr:not(.spacer)');
  await subtasks.nth(1).waitFor();
  assert.equal(await subtasks.count(), 2);
  assert.match(await subtasks.nth(0).innerText(), /FINISHED/);
  await screenshot(page, 'job-graph', { fullPage: true });
  assert.deepEqual(problems, []);
});

test('the Timeline and Configuration tabs of a finished job', { skip: noBrowser }, async () => {
  const { page, problems } = await browser.page();
  await page.goto(`${cluster.restUrl}/#/job/completed/${wordCountJob}/timeline`);
  await page.getByTestId('job-timeline').getByText('FINISHED').waitFor();
  const subtaskRows = page.getByTestId('subtask-timeline').locator('.timeline-row');
  await subtaskRows.first().waitFor();
  assert.equal(await subtaskRows.count(), 1, 'the source runs at parallelism 1');
  await page.getByText('Keyed Aggregation -> Sink: Print to Std. Out').click();
  await page.getByTestId('subtask-timeline').getByText('Subtasks of Keyed Aggregation').waitFor();
  assert.equal(await subtaskRows.count(), 2);
  await screenshot(page, 'job-timeline', { fullPage: true });

  await page.getByRole('link', { name: 'Configuration' }).click();
  assert.match(await page.getByTestId('execution-config').innerText(), /Job Parallelism\s+2/);
  assert.deepEqual(problems, []);
});

test('a running job is cancelled from its page and shows CANCELED', { skip: noBrowser }, async () => {
  const jobId = await cluster.runJar(failoverJar, { entryClass: 'SlowCount', parallelism: 2, programArgsList: ['100000000', '500', join(cluster.workDir, 'slow')] });
  const { page, problems } = await browser.page();
  await page.goto(`${cluster.restUrl}/#/job/running/${jobId}/overview`);
  await headerState(page, 'RUNNING');
  // The throughput chart draws a line once polls have sampled records/s: wait for three samples.
  const line = page.getByTestId('throughput-chart').first().locator('polyline.series-out');
  await waitFor('three throughput samples', async () => (((await line.getAttribute('points')) ?? '').split(' ').length >= 3 ? true : undefined));
  await page.getByTestId('throughput-chart').first().locator('.legend .series-out', { hasText: /out [1-9]/ }).waitFor();
  await page.getByTestId('graph-vertex').first().getByText(/out\/s/).waitFor();
  await screenshot(page, 'job-running', { fullPage: true });

  const list = await browser.page();
  await list.page.goto(`${cluster.restUrl}/#/job/running`);
  await list.page.getByTestId('running-jobs').getByRole('link', { name: 'Slow count' }).waitFor();
  assert.deepEqual(list.problems, []);

  await page.getByRole('button', { name: 'Cancel Job' }).click();
  await page.getByRole('button', { name: 'Yes' }).click();
  await headerState(page, 'CANCELED');
  assert.equal((await cluster.waitForJobEnd(jobId)).state, 'CANCELED');
  assert.equal(await page.getByRole('button', { name: 'Cancel Job' }).count(), 0, 'no Cancel on an ended job');
  assert.deepEqual(problems, []);
});

test('a job that needs more slots than the cluster has says on its page what it waits for', { skip: noBrowser }, async () => {
  const jobId = await cluster.runJar(failoverJar, { entryClass: 'SlowCount', parallelism: 6, programArgsList: ['10', '100', join(cluster.workDir, 'never')] });
  const { page, problems } = await browser.page();
  await page.goto(`${cluster.restUrl}/#/job/running/${jobId}/overview`);
  const waiting = page.getByTestId('job-waiting');
  await waiting.waitFor();
  assert.match(await waiting.innerText(), /^Waiting for 2 more task slots \(holds 4 of the 6 it needs; 0 free in the cluster\) since .*slot\.request\.timeout/);
  await page.getByRole('button', { name: 'Cancel Job' }).click();
  await page.getByRole('button', { name: 'Yes' }).click();
  await headerState(page, 'CANCELED');
  assert.equal(await waiting.count(), 0, 'an ended job waits for nothing');
  assert.deepEqual(problems, []);
});

test("a failing job's exception is in the Exceptions tab", { skip: noBrowser }, async () => {
  const jobId = await cluster.runJar(failoverJar, { entryClass: 'Exits', flinkConfiguration: { 'restart-strategy.type': 'none' } });
  assert.equal((await cluster.waitForJobEnd(jobId)).state, 'FAILED');
  const { page, problems } = await browser.page();
  await page.goto(`${cluster.restUrl}/#/job/completed/${jobId}/exceptions`);
  const root = page.getByTestId('root-exception');
  await root.waitFor();
  assert.match(await root.innerText(), /TASK_FAILED[\s\S]*Task worker exited with code 1/);
  await headerState(page, 'FAILED');
  await screenshot(page, 'job-exceptions', { fullPage: true });
  assert.deepEqual(problems, []);
});

test('the job lists and the overview show the jobs; a row opens the job', { skip: noBrowser }, async () => {
  const { page, problems } = await browser.page();
  await page.goto(`${cluster.restUrl}/#/job/completed`);
  const completed = page.getByTestId('completed-jobs');
  await completed.getByText('Exits').waitFor();
  const text = await completed.innerText();
  for (const name of ['WordCount', 'Slow count', 'Exits']) assert.match(text, new RegExp(name));
  assert.match(text, /FINISHED/);
  assert.match(text, /CANCELED/);
  assert.match(text, /FAILED/);
  await screenshot(page, 'job-list');

  await page.goto(`${cluster.restUrl}/#/overview`);
  await page.getByTestId('completed-jobs').getByText('WordCount').waitFor();
  assert.match(await page.getByTestId('running-jobs').innerText(), /No jobs/);
  await screenshot(page, 'overview', { fullPage: true });
  await page.getByTestId('completed-jobs').getByRole('link', { name: 'WordCount' }).click();
  await headerState(page, 'FINISHED');
  assert.match(page.url(), new RegExp(`#/job/completed/${wordCountJob}/overview$`));
  assert.deepEqual(problems, []);
});

test("an unknown job shows the API's 404 message", { skip: noBrowser }, async () => {
  const { page, problems } = await browser.page();
  const unknown = 'f'.repeat(32);
  await page.goto(`${cluster.restUrl}/#/job/running/${unknown}/overview`);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), new RegExp(unknown));
  // The browser logs the 404 response itself; the page logs nothing else.
  assert.deepEqual(problems.filter((p) => !/status of 404/.test(p)), []);
});

const json = (body: unknown) => ({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });

/**
 * Answers the job page's requests for a made-up job (wideJob) without a cluster: `answerJob`
 * answers `/jobs/<id>` (by default the running job), and a cancel is refused with a 409.
 */
async function routeWideJob(page: Page, wide: ReturnType<typeof wideJob>, answerJob = (route: Route): Promise<void> => route.fulfill(json(wide.job))): Promise<void> {
  const { jid } = wide.job;
  await page.route(new RegExp(`/jobs/${jid}(/|$|\\?)`), (route) => {
    const path = new URL(route.request().url()).pathname;
    if (route.request().method() === 'PATCH') return route.fulfill({ status: 409, contentType: 'application/json', body: '{"errors":["Job cannot be cancelled right now."]}' });
    if (path.endsWith(`/jobs/${jid}`)) return answerJob(route);
    if (path.endsWith(`/vertices/${wide.vertex.id}`)) return route.fulfill(json(wide.vertex));
    if (path.endsWith('/subtasks/metrics')) return route.fulfill(json([{ id: 'numRecordsOutPerSecond', sum: 1280, max: 10 }]));
    return route.fulfill({ status: 404, contentType: 'application/json', body: '{"errors":["not mocked"]}' });
  });
}

test("200 jobs and parallelism 128 render only the rows in view; a refused cancel shows the API's message", { skip: noBrowser }, async () => {
  const { page, problems } = await browser.page();
  const jobId = 'e'.repeat(32);
  const wide = wideJob(jobId, 'd'.repeat(32), 128);
  await page.route('**/jobs/overview', (route) => route.fulfill(json(manyJobs(200))));
  await routeWideJob(page, wide);

  await page.goto(`${cluster.restUrl}/#/job/completed`);
  const jobs = page.getByTestId('completed-jobs');
  await jobs.getByText('Synthetic job 0', { exact: true }).waitFor();
  const jobRows = jobs.locator('tbody tr:not(.spacer)');
  assert.ok((await jobRows.count()) < 40, `${await jobRows.count()} rows in the DOM for 200 jobs`);
  await jobs.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await jobs.getByText('Synthetic job 199', { exact: true }).waitFor();
  assert.ok((await jobRows.count()) < 40);

  await page.goto(`${cluster.restUrl}/#/job/running/${jobId}/overview`);
  await page.getByTestId('vertex-table').getByText('Source: Wide').click();
  const subtasks = page.getByTestId('subtask-table');
  await subtasks.getByText('tm-0:6121').first().waitFor();
  const subtaskRows = subtasks.locator('tbody tr:not(.spacer)');
  assert.ok((await subtaskRows.count()) < 40, `${await subtaskRows.count()} rows in the DOM for 128 subtasks`);
  await subtasks.evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await subtasks.locator('td', { hasText: /^127$/ }).waitFor();
  assert.deepEqual(problems, []);

  // A refused cancel is a message on the page, not a silent failure.
  await page.getByRole('button', { name: 'Cancel Job' }).click();
  await page.getByRole('button', { name: 'Yes' }).click();
  await page.getByRole('alert').getByText('Job cannot be cancelled right now.').waitFor();
  assert.deepEqual(problems.filter((p) => !/status of 409/.test(p)), []);
});

test('a job that ends as the user leaves its running page does not take them back to it', { skip: noBrowser }, async () => {
  const { page, problems } = await browser.page();
  const wide = wideJob('c'.repeat(32), 'b'.repeat(32), 2);
  const finished = { ...wide.job, state: 'FINISHED' };
  let answerJob = (route: Route): Promise<void> => route.fulfill(json(wide.job));
  await routeWideJob(page, wide, (route) => answerJob(route));
  await page.goto(`${cluster.restUrl}/#/job/running/${wide.job.jid}/overview`);
  await headerState(page, 'RUNNING');

  // The page's next poll is the one that sees the job end; it is held until the user has left.
  const endingPoll = new Promise<Route>((resolve) => {
    answerJob = async (route) => {
      answerJob = (later) => later.fulfill(json(finished));
      resolve(route);
    };
  });
  const poll = await endingPoll;
  // A click on a link moves the address bar at once; the router hears of it with the hashchange
  // event, a task later. The ending poll's answer lands in between: pushState moves the address
  // bar without the event, which is dispatched once the page has rendered the job's end.
  await page.evaluate("history.pushState(null, '', '#/submit')");
  await poll.fulfill(json(finished));
  await headerState(page, 'FINISHED');
  await page.evaluate("window.dispatchEvent(new HashChangeEvent('hashchange'))");

  await page.waitForFunction("document.querySelector('[data-testid=\"jar-file-input\"]') !== null || location.hash.startsWith('#/job/completed/')");
  assert.equal(await page.evaluate('location.hash'), '#/submit', 'the user stays on the page they went to');
  await page.getByTestId('jar-file-input').waitFor({ state: 'attached' });
  assert.deepEqual(problems, []);
});
