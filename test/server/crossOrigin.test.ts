import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/launchChromium.js';
import { syntheticRun } from './syntheticRun.js';
import { closeServers, startServer } from './testServers.js';

afterEach(closeServers);

/** A plain page server on its own port: a page of another origin than the run server's. */
async function pageServer(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server: Server = createServer((_request, response) => response.end('<!doctype html><title>other origin</title>'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('--allow-origin over CORS', () => {
  it('answers an allowed origin with CORS headers and its preflight, and a refused one with neither', async () => {
    const server = await startServer(syntheticRun(), { allowOrigin: ['http://localhost:3000'], token: 'a-long-secret' });
    const allowed = { Origin: 'http://localhost:3000' };
    const run = await fetch(`${server.url}api/run`, { headers: allowed });
    expect(run.status).toBe(200);
    expect(run.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(run.headers.get('vary')).toMatch(/origin/i);

    const preflight = await fetch(`${server.url}api/control`, {
      method: 'OPTIONS',
      headers: { ...allowed, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/authorization/);

    const refused = await fetch(`${server.url}api/run`, { headers: { Origin: 'http://localhost:3001' } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const refusedPreflight = await fetch(`${server.url}api/control`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:3001', 'Access-Control-Request-Method': 'POST' } });
    expect(refusedPreflight.status).toBe(403);
  });

  describe('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    }, 60_000);
    afterAll(async () => browser?.close());

    it('a page of an allowed origin reads the run, streams its events and sends a control request; another origin is blocked', async () => {
      const [allowedPage, otherPage] = [await pageServer(), await pageServer()];
      try {
        const run = syntheticRun();
        const server = await startServer(run, { allowOrigin: [allowedPage.origin], token: 'a-long-secret' });
        run.push(3);
        const page = await browser.newPage();
        const probe = (api: string) =>
          page.evaluate(async (url) => {
            try {
              const summary = (await (await fetch(`${url}api/run`)).json()) as { name: string; step: number };
              const control = await fetch(`${url}api/control`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', Authorization: 'Bearer a-long-secret' },
                body: JSON.stringify({ action: 'pause' }),
              });
              const firstEvent = await new Promise<string>((resolve, reject) => {
                const events = new EventSource(`${url}events`);
                events.addEventListener('history', (e) => {
                  events.close();
                  resolve((e as MessageEvent<string>).data);
                });
                events.onerror = () => {
                  events.close();
                  reject(new Error('EventSource failed'));
                };
              });
              return { name: summary.name, step: summary.step, controlStatus: control.status, controlBody: await control.text(), firstEvent: firstEvent.slice(0, 40) };
            } catch (e) {
              return { error: String(e) };
            }
          }, api);

        await page.goto(`${allowedPage.origin}/`);
        const fromAllowed = await probe(server.url);
        expect(fromAllowed).toMatchObject({ name: 'synthetic', step: 3 });
        // The synthetic run has no live control: the page reads the server's JSON answer to it.
        expect((fromAllowed as { controlBody: string }).controlBody).toMatch(/"error"/);
        expect((fromAllowed as { firstEvent: string }).firstEvent.length).toBeGreaterThan(0);

        await page.goto(`${otherPage.origin}/`);
        expect(await probe(server.url)).toMatchObject({ error: expect.stringMatching(/Failed to fetch/) });
        await page.close();
      } finally {
        await allowedPage.close();
        await otherPage.close();
      }
    }, 60_000);
  });
});
