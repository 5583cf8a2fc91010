import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Subscription } from 'rxjs';
import { build } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import { servedScenario } from '../../src/cli/servedScenario.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { startScenario, type ScenarioRun } from '../../src/scenario/startScenario.js';
import type { ServedRun } from '../../src/server/ServedRun.js';
import { serve, type RunServer } from '../../src/server/serve.js';
import { launchChromium } from '../helpers/launchChromium.js';

/** What a dashboard test file works with; see {@link useDashboard}. */
export interface Dashboard {
  /** Serves `served` with the dashboard under test (quietly); `run`, if given, is disconnected after the file. */
  serve(served: ServedRun, options?: { readonly run?: { connect(): Subscription }; readonly token?: string }): Promise<RunServer>;
  /** A scenario file started and served as `rxprop run --serve` serves it; the test calls `run.connect()` when it wants training to start. */
  serveScenario(path: string, options?: { readonly steps?: number }): Promise<{ run: ScenarioRun; server: RunServer }>;
  /** A new page on `url` that records the page's uncaught errors and console errors. */
  open(url: string, viewport: { readonly width: number; readonly height: number }): Promise<{ page: Page; errors: string[] }>;
}

/**
 * The setup and teardown every dashboard test file needs, registered as the file's
 * `beforeAll`/`afterAll`: the dashboard built from the current sources (not a possibly stale
 * dist/web) into a temporary folder, and Chromium under LANG=C.UTF-8 (its locale then reads
 * `en-US@posix`, an invalid tag that once blanked the page), both started at once; after the
 * file, every page, run and server it made is closed, then the browser and the folder.
 *
 * @example
 * const dashboard = useDashboard();
 * it('shows the run', async () => {
 *   const { run, server } = await dashboard.serveScenario('scenarios/seed-fit');
 *   const { page, errors } = await dashboard.open(server.url, { width: 1500, height: 520 });
 *   run.connect();
 * });
 */
export function useDashboard(): Dashboard {
  let webRoot: string | undefined;
  let browser: Browser | undefined;
  const pages: Page[] = [];
  const runs: { connect(): Subscription }[] = [];
  const servers: RunServer[] = [];

  beforeAll(async () => {
    webRoot = await mkdtemp(join(tmpdir(), 'rxprop-dashboard-'));
    const launching = launchChromium({ env: { ...process.env, LANG: 'C.UTF-8' } });
    await build({ configFile: fileURLToPath(new URL('../../src/web/vite.config.ts', import.meta.url)), logLevel: 'silent', build: { outDir: webRoot, emptyOutDir: true } });
    browser = await launching;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(pages.map((p) => p.close()));
    for (const run of runs) run.connect().unsubscribe();
    await Promise.all(servers.map((s) => s.close()));
    await browser?.close();
    if (webRoot) await rm(webRoot, { recursive: true, force: true });
  });

  const dashboard: Dashboard = {
    async serve(served, options = {}) {
      if (options.run) runs.push(options.run);
      const server = await serve(served, { webRoot: webRoot!, log: () => {}, ...(options.token === undefined ? {} : { token: options.token }) });
      servers.push(server);
      return server;
    },
    async serveScenario(path, options = {}) {
      const run = await startScenario(await loadScenario(path), options.steps === undefined ? {} : { steps: options.steps });
      return { run, server: await dashboard.serve(servedScenario(run), { run }) };
    },
    async open(url, viewport) {
      const page = await browser!.newPage({ viewport });
      pages.push(page);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(url);
      return { page, errors };
    },
  };
  return dashboard;
}
