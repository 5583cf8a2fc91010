import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { syntheticRun } from './syntheticRun.js';
import { closeServers, startServer } from './testServers.js';
import { sleep, until } from '../helpers/until.js';

afterEach(closeServers);

describe('the WebSocket heartbeat', () => {
  it('cuts a client that stops answering pings and keeps one that answers', async () => {
    const server = await startServer(syntheticRun(), { heartbeatMs: 100 });
    const url = `${server.url.replace('http', 'ws')}ws`;
    // A peer that vanished without closing answers no ping: autoPong off plays it.
    const silent = new WebSocket(url, { autoPong: false });
    const healthy = new WebSocket(url);
    const opened = (ws: WebSocket) => new Promise((resolve) => ws.once('open', resolve));
    await Promise.all([opened(silent), opened(healthy)]);
    await until(() => server.clients === 2, 2000, 'both clients');
    let silentClosed = false;
    silent.once('close', () => (silentClosed = true));
    await until(() => server.clients === 1, 3000, 'the silent client cut');
    await until(() => silentClosed, 3000, 'the silent client to see its close');
    // Several beats later the answering client is still served.
    await sleep(500);
    expect(healthy.readyState).toBe(WebSocket.OPEN);
    expect(server.clients).toBe(1);
    healthy.close();
  });

  it('refuses a heartbeat interval that is not a positive number', async () => {
    await expect(startServer(syntheticRun(), { heartbeatMs: 0 })).rejects.toThrow(/heartbeatMs/);
  });
});
