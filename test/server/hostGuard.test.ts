import { connect as tcpConnect } from 'node:net';
import { firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connect } from '../../src/client/connect.js';
import { InputError } from '../../src/errors/InputError.js';
import { hostGuard } from '../../src/server/hostGuard.js';
import type { RunServer } from '../../src/server/serve.js';
import { parsePrometheus } from './parsePrometheus.js';
import { syntheticRun } from './syntheticRun.js';
import { closeServers, startServer } from './testServers.js';

afterEach(closeServers);

/** One raw HTTP/1.1 request with exactly these headers (fetch will not send a foreign Host); the status line and body. */
function rawRequest(server: RunServer, path: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(server.port, '127.0.0.1', () =>
      socket.write(`GET ${path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}Connection: close\r\n\r\n`),
    );
    let text = '';
    socket.on('data', (d) => {
      text += String(d);
      // An SSE stream or a WebSocket never ends by itself: their first bytes tell enough.
      if (text.includes('event:') || text.startsWith('HTTP/1.1 101')) socket.destroy();
    });
    socket.on('close', () => resolve({ status: Number(text.slice(9, 12)), text }));
    socket.on('error', reject);
  });
}

const upgrade = { Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13' };

/** Opens /ws as a page of `origin` would; the messages it got within `ms`, or the HTTP status that refused it. */
function openAs(server: RunServer, origin: string | undefined, ms = 200): Promise<unknown[] | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}ws`, origin ? { origin } : {});
    const messages: unknown[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('open', () =>
      setTimeout(() => {
        socket.close();
        resolve(messages);
      }, ms),
    );
    socket.on('error', () => {});
  });
}

describe('hostGuard', () => {
  const check = hostGuard({ host: '127.0.0.1', port: 8080, allowOrigin: ['http://localhost:3000/'] });

  it('accepts the loopback names with the port, and nothing else', () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', '[::1]:8080']) expect(check(host, undefined), host).toBeUndefined();
    for (const host of [undefined, '', 'evil.example', 'evil.example:8080', '127.0.0.1', '127.0.0.1:8081', 'localhost.evil.example:8080', '127.0.0.1:8080.evil.example']) {
      expect(check(host, undefined)?.status, String(host)).toBe(421);
    }
    expect(check('evil.example:8080', undefined)?.message).toMatch(/the Host header "evil.example:8080" does not name this server; use 127.0.0.1:8080, localhost:8080, \[::1\]:8080/);
  });

  it('accepts no Origin, the same origin and the allowed ones; refuses the others with 403', () => {
    expect(check('localhost:8080', 'http://localhost:8080')).toBeUndefined();
    expect(check('localhost:8080', 'http://localhost:3000')).toBeUndefined();
    for (const origin of ['http://127.0.0.1:8080', 'https://localhost:8080', 'http://evil.example', 'null', 'http://localhost:3000.evil.example']) {
      expect(check('localhost:8080', origin)?.status, origin).toBe(403);
    }
    expect(check('localhost:8080', 'http://evil.example')?.message).toMatch(/--allow-origin http:\/\/evil.example/);
    expect(hostGuard({ host: '127.0.0.1', port: 8080, allowOrigin: ['*'] })('localhost:8080', 'http://evil.example')).toBeUndefined();
  });

  it('accepts the bound host and, on port 80, names without a port', () => {
    const named = hostGuard({ host: 'rxprop.lan', port: 80 });
    for (const host of ['rxprop.lan', 'rxprop.lan:80', 'localhost', '127.0.0.1:80']) expect(named(host, undefined), host).toBeUndefined();
    expect(hostGuard({ host: '::1', port: 9000 })('[::1]:9000', undefined)).toBeUndefined();
    expect(hostGuard({ host: '0.0.0.0', port: 9000 })('0.0.0.0:9000', undefined)).toBeUndefined();
  });

  it('refuses an allowed origin that is not an origin', () => {
    expect(() => hostGuard({ host: '127.0.0.1', port: 8080, allowOrigin: ['localhost:3000/app'] })).toThrow(InputError);
    expect(() => hostGuard({ host: '127.0.0.1', port: 8080, allowOrigin: ['http://localhost:3000/app'] })).toThrow(/"http:\/\/localhost:3000\/app" is not an origin/);
  });
});

describe('serve behind the host guard', () => {
  it('refuses a foreign Host on every route, the WebSocket upgrade and the event stream included', async () => {
    const run = syntheticRun();
    const server = await startServer(run);
    run.push(5);
    const evil = { Host: 'evil.example' };
    for (const path of ['/', '/api/run', '/metrics', '/events', '/nope']) {
      const answer = await rawRequest(server, path, evil);
      expect(answer.status, path).toBe(421);
      expect(answer.text, path).toMatch(/does not name this server/);
      expect(answer.text, path).not.toMatch(/synthetic|rxprop_train/);
    }
    const ws = await rawRequest(server, '/ws', { ...evil, ...upgrade });
    expect(ws.status).toBe(421);
    // The same requests with this server's name are served.
    const own = { Host: `localhost:${server.port}` };
    expect((await rawRequest(server, '/api/run', own)).text).toMatch(/"name":"synthetic"/);
    expect((await rawRequest(server, '/events', own)).text).toMatch(/^HTTP\/1\.1 200[\s\S]*event: history/);
    expect((await rawRequest(server, '/ws', { ...own, ...upgrade })).status).toBe(101);
    const refused = parsePrometheus(await (await fetch(`${server.url}metrics`)).text());
    expect(refused.get('rxprop_refused_total{reason="host",scenario="synthetic"}')).toBe(6);
  });

  it('gives a WebSocket opened by a foreign page nothing, and the own page and non-browser clients everything', async () => {
    const run = syntheticRun();
    const server = await startServer(run);
    run.push(5);
    run.snap();
    await new Promise((r) => setTimeout(r, 30));
    expect(await openAs(server, 'http://evil.example')).toBe(403);
    expect(await rawRequest(server, '/events', { Host: `127.0.0.1:${server.port}`, Origin: 'http://evil.example' })).toMatchObject({ status: 403 });
    expect(await openAs(server, server.url.slice(0, -1))).toContainEqual(expect.objectContaining({ type: 'history' }));
    expect(await openAs(server, undefined)).toContainEqual(expect.objectContaining({ type: 'history' }));

    // The project's client (no Origin, as Node sends) over both transports.
    for (const transport of ['ws', 'sse'] as const) {
      const steps = await firstValueFrom(connect(server.url, { transport }).steps$.pipe(take(5), toArray()));
      expect(steps.map((s) => s.step), transport).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it('lets pages of an allowed origin connect', async () => {
    const server = await startServer(syntheticRun(), { allowOrigin: ['http://localhost:3000'] });
    expect(await openAs(server, 'http://localhost:3000')).toContainEqual(expect.objectContaining({ type: 'history' }));
    expect(await openAs(server, 'http://localhost:3001')).toBe(403);
  });
});
