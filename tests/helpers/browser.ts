/**
 * Headless Debian Chromium driven by playwright-core, for the Web UI tests. Every page records its
 * console errors and failed requests, so a test can assert a page is clean.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { skipUnlessPresent } from './prerequisites.js';
import { ROOT } from './processes.js';

export const CHROMIUM = '/usr/bin/chromium';

/** The `skip` option of browser tests: why they cannot run here, or false when they can (see skipUnlessPresent). */
export const noBrowser = skipUnlessPresent(existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing (scripts/setup-system.sh installs it with apt-get)`);

/** Whether this run retakes the README's screenshots (`npm run docs:screenshots`); other runs write no files. */
const SCREENSHOTS = process.env.SLUICE_SCREENSHOTS === '1';

/** Saves `page` as docs/images/<name>.png when this run retakes the screenshots; otherwise does nothing. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ ...options, path: join(ROOT, 'docs/images', `${name}.png`) });
}

/** A browser with a fresh profile; `close()` removes it. */
export class Browser {
  private constructor(private readonly context: BrowserContext, private readonly profile: string) {}

  static async launch(): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), 'sluice-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
      // Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    return new Browser(context, profile);
  }

  /** A new page whose console errors and failed requests land in `problems`. */
  async page(): Promise<{ page: Page; problems: string[] }> {
    const page = await this.context.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    return { page, problems };
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}
