import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { syntheticRun } from './syntheticRun.js';
import { closeServers, startServer } from './testServers.js';

afterEach(closeServers);

/** Opens /ws from `localAddress`; resolves with the open socket, or the HTTP status that refused it. */
function open(url: string, localAddress: string): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { localAddress });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.on('error', () => {});
  });
}

describe('live clients per address', () => {
  it('refuses one address past its limit, over WebSocket and SSE, while another address still connects', async () => {
    const server = await startServer(syntheticRun(), { maxClientsPerAddress: 2 });
    const url = `${server.url.replace('http', 'ws')}ws`;
    // Linux routes all of 127/8 to loopback: 127.0.0.2 is a second client address.
    const first = await open(url, '127.0.0.1');
    const second = await open(url, '127.0.0.1');
    expect(first).toBeInstanceOf(WebSocket);
    expect(second).toBeInstanceOf(WebSocket);
    expect(await open(url, '127.0.0.1')).toBe(503);
    const sse = await fetch(`${server.url}events`);
    expect(sse.status).toBe(503);
    expect(await sse.json()).toMatchObject({ error: expect.stringMatching(/too many live clients from .*127\.0\.0\.1.*at most 2/) });

    const other = await open(url, '127.0.0.2');
    expect(other).toBeInstanceOf(WebSocket);
    expect(server.clients).toBe(3);

    // A place freed is a place again.
    (first as WebSocket).close();
    const deadline = Date.now() + 2000;
    while (server.clients !== 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const again = await open(url, '127.0.0.1');
    expect(again).toBeInstanceOf(WebSocket);
    for (const ws of [second, other, again]) (ws as WebSocket).close();
  });
});
