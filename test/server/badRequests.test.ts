import { connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { TrainingRun } from '../../src/operators/trainingRun.js';
import { serve, type RunServer } from '../../src/server/serve.js';
import { liveTraining } from './liveTraining.js';
import { until as untilWithin } from '../helpers/until.js';
import { openSocket } from './openSocket.js';

const until = (check: () => boolean, what: string): Promise<void> => untilWithin(check, 2000, what);

const token = 'correct-horse-battery';
let run: TrainingRun;
let server: RunServer;
const logged: string[] = [];

beforeAll(async () => {
  const live = await liveTraining(10_000_000);
  run = live.run;
  server = await serve(live.served, { token, log: (line) => logged.push(line) });
  run.connect();
  await new Promise((r) => setTimeout(r, 200));
});
afterAll(async () => {
  run.connect().unsubscribe();
  await server.close();
});

const stepNow = async (): Promise<number> => ((await (await fetch(`${server.url}api/run`)).json()) as { step: number }).step;


describe('bad requests during a training run', () => {
  it('get clear 4xx answers over HTTP, and the run goes on', async () => {
    const before = await stepNow();
    const cases: [string, RequestInit, number, RegExp][] = [
      ['nope', {}, 404, /no such path: \/nope/],
      ['metrics', { method: 'POST' }, 405, /use GET/],
      ['api/stop', {}, 405, /use POST/],
      ['ws', {}, 426, /WebSocket only/],
      ['events', { headers: { 'last-event-id': 'yesterday' } }, 400, /Last-Event-ID must be/],
      ['events?lastEventId=-1', {}, 400, /Last-Event-ID must be/],
      ['api/stop', { method: 'POST' }, 401, /wrong or missing token/],
      ['api/stop', { method: 'POST', headers: { authorization: 'Bearer guess' } }, 401, /wrong or missing token/],
    ];
    for (const [path, init, status, message] of cases) {
      const response = await fetch(`${server.url}${path}`, init);
      expect(response.status, `${init.method ?? 'GET'} /${path}`).toBe(status);
      expect((await response.json()).error).toMatch(message);
    }
    // Not even HTTP: Node's parser answers 400 and the server carries on.
    const raw = await new Promise<string>((resolve) => {
      const socket = tcpConnect(server.port, '127.0.0.1', () => socket.write('GARBAGE\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += String(d)));
      socket.on('close', () => resolve(text));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400/);
    expect(await stepNow()).toBeGreaterThan(before);
    expect(server.status.state).toBe('running');
  });

  it('get 4xx replies over WebSocket while the socket keeps streaming', async () => {
    const { socket, messages } = await openSocket(server.url);
    const replies = () => messages.filter((m) => m.type === 'reply');
    socket.send('not json');
    socket.send(JSON.stringify({ type: 'control', action: 'explode', token }));
    socket.send(Buffer.from([1, 2, 3]), { binary: true });
    socket.send(JSON.stringify({ type: 'control', action: 'stop', token: 'guess' }));
    await until(() => replies().length === 4, 'four replies');
    expect(replies()).toEqual([
      { type: 'reply', status: 400, message: 'message is not valid JSON' },
      expect.objectContaining({ type: 'reply', status: 400, message: expect.stringMatching(/^bad message at "action"/) }),
      { type: 'reply', status: 400, message: 'messages must be JSON text frames, not binary' },
      { type: 'reply', status: 401, message: 'wrong or missing token' },
    ]);
    const seen = messages.length;
    await until(() => messages.slice(seen).some((m) => m.type === 'steps'), 'more steps after the bad messages');
    expect(server.status.state).toBe('running');

    // An oversized frame costs the sender its socket (1009), nobody else anything.
    const closed = new Promise<number>((r) => socket.once('close', (code) => r(code)));
    socket.send('x'.repeat(64 * 1024));
    expect(await closed).toBe(1009);
    expect(server.status.state).toBe('running');
  });

  it('refuses a WebSocket upgrade on an unknown path with 404', async () => {
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}elsewhere`);
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('error', () => {});
    });
    expect(status).toBe(404);
  });

  it('stops the run for the right token only', async () => {
    const noControl = await serve({ steps$: run.steps$, snapshots$: run.snapshots$ }, { log: () => {} });
    const refused = await fetch(`${noControl.url}api/stop`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toMatch(/start the server with a token/);
    await noControl.close();
    expect(server.status.state).toBe('running');

    const { socket, messages } = await openSocket(server.url);
    socket.send(JSON.stringify({ type: 'control', action: 'stop', token }));
    expect(await server.finished).toEqual({ state: 'stopped' });
    await until(() => messages.some((m) => m.type === 'status' && m.status.state === 'stopped'), 'the stopped status');
    expect(messages).toContainEqual({ type: 'reply', status: 202, message: 'stopping the run' });
    const again = await fetch(`${server.url}api/stop`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(again.status).toBe(409);
    socket.close();
  });
});
