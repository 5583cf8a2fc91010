import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { launchChromium } from '../helpers/launchChromium.js';

/**
 * What every dashboard test needs: the dashboard built from the current sources (not a possibly
 * stale dist/web) into a temporary folder, and Chromium under LANG=C.UTF-8 (its locale then reads
 * `en-US@posix`, an invalid tag that once blanked the page). Both start at once.
 *
 * @example
 * const { webRoot, browser, close } = await dashboardHarness();
 */
export async function dashboardHarness(): Promise<{ webRoot: string; browser: Browser; close(): Promise<void> }> {
  const webRoot = await mkdtemp(join(tmpdir(), 'rxprop-dashboard-'));
  const launching = launchChromium({ env: { ...process.env, LANG: 'C.UTF-8' } });
  await build({ configFile: fileURLToPath(new URL('../../src/web/vite.config.ts', import.meta.url)), logLevel: 'silent', build: { outDir: webRoot, emptyOutDir: true } });
  const browser = await launching;
  return {
    webRoot,
    browser,
    close: async () => {
      await browser.close();
      await rm(webRoot, { recursive: true, force: true });
    },
  };
}

/**
 * A new page on `url` that records the page's uncaught errors and console errors.
 *
 * @example
 * const { page, errors } = await openPage(browser, server.url, { width: 1500, height: 520 });
 */
export async function openPage(browser: Browser, url: string, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  return { page, errors };
}
