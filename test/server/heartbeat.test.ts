import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { syntheticRun } from './syntheticRun.js';
import { closeServers, startServer } from './testServers.js';

afterEach(closeServers);

/** Resolves once `condition()` holds, checking every 10 ms; rejects after `ms`. */
async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the WebSocket heartbeat', () => {
  it('cuts a client that stops answering pings and keeps one that answers', async () => {
    const server = await startServer(syntheticRun(), { heartbeatMs: 100 });
    const url = `${server.url.replace('http', 'ws')}ws`;
    // A peer that vanished without closing answers no ping: autoPong off plays it.
    const silent = new WebSocket(url, { autoPong: false });
    const healthy = new WebSocket(url);
    const opened = (ws: WebSocket) => new Promise((resolve) => ws.once('open', resolve));
    await Promise.all([opened(silent), opened(healthy)]);
    await until(() => server.clients === 2, 2000);
    let silentClosed = false;
    silent.once('close', () => (silentClosed = true));
    await until(() => server.clients === 1, 3000);
    await until(() => silentClosed, 3000);
    // Several beats later the answering client is still served.
    await new Promise((r) => setTimeout(r, 500));
    expect(healthy.readyState).toBe(WebSocket.OPEN);
    expect(server.clients).toBe(1);
    healthy.close();
  });

  it('refuses a heartbeat interval that is not a positive number', async () => {
    await expect(startServer(syntheticRun(), { heartbeatMs: 0 })).rejects.toThrow(/heartbeatMs/);
  });
});
