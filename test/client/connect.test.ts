import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { firstValueFrom, NEVER, Subject, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/client/connect.js';
import { ConnectionRefusedError } from '../../src/client/createRunConnection.js';
import { InputError } from '../../src/errors/InputError.js';
import type { TrainStep } from '../../src/operators/TrainStep.js';
import { grid, syntheticRun } from '../server/syntheticRun.js';
import { closeServers, startServer } from '../server/testServers.js';
import { fromSources } from '../helpers/fromSources.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
afterEach(closeServers);
const start = startServer;
const until = async (check: () => boolean, what: string) => {
  for (let k = 0; k < 300 && !check(); k++) await sleep(10);
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

describe.each(['ws', 'sse'] as const)('connect over %s', (transport) => {
  it('streams the history, then live steps, snapshots and status, and completes when the run ends', async () => {
    const run = syntheticRun();
    const server = await start(run);
    run.push(30);
    run.snap();
    await sleep(30);

    const live = connect(server.url, { transport });
    const steps = firstValueFrom(live.steps$.pipe(toArray()));
    const snapshots = firstValueFrom(live.snapshots$.pipe(toArray()));
    const statuses = firstValueFrom(live.status$.pipe(toArray()));
    await until(() => server.clients === 1, 'the client');
    await sleep(30);
    run.push(20);
    run.snap();
    await sleep(30);
    run.end();

    expect((await steps).map((s) => s.step)).toEqual(Array.from({ length: 50 }, (_, k) => k + 1));
    expect((await steps)[9]).toEqual({ step: 10, cost: 0.1, batchSize: 4, time: 10 });
    const seen = await snapshots;
    expect(seen[0]).toMatchObject({ step: 30, prediction: [0, 30, 1, 2], grid });
    expect(seen.at(-1)).toMatchObject({ step: 50, prediction: [0, 50, 1, 2] });
    expect((await statuses).map((s) => s.state)).toEqual(['running', 'completed']);
    await until(() => server.clients === 0, 'the socket to close');
  });

  it('reconnects with backoff after the server goes away, without repeating steps', async () => {
    const run = syntheticRun();
    const first = await start(run);
    const port = first.port;
    run.push(10);
    const live = connect(first.url, { transport, initialDelayMs: 20, maxDelayMs: 100 });
    const steps = firstValueFrom(live.steps$.pipe(toArray()));
    await until(() => first.clients === 1, 'the client');
    await sleep(30);
    await first.close(); // mid-run: the client should come back
    run.push(10); // trained while no server was up
    await sleep(150);
    const second = await start(run, { port });
    await until(() => second.clients === 1, 'the client to reconnect');
    run.push(10);
    await sleep(30);
    run.end();
    expect((await steps).map((s) => s.step)).toEqual(Array.from({ length: 30 }, (_, k) => k + 1));
  });

  it('puts the learning rate on the last step of each message, in the history and live', async () => {
    const steps$ = new Subject<TrainStep>();
    const log: TrainStep[] = [];
    const push = (lr: number, n: number) => {
      for (let k = 0; k < n; k++) {
        const s = { step: log.length + 1, cost: 1, batchSize: 1, time: log.length, lr };
        log.push(s);
        steps$.next(s);
      }
    };
    const server = await start({ steps$, snapshots$: NEVER, history: () => log });
    push(0.01, 5); // before the client connects: its history
    const seen: TrainStep[] = [];
    const subscription = connect(server.url, { transport }).steps$.subscribe((s) => seen.push(s));
    await until(() => seen.length === 5, 'the history');
    push(0.005, 3); // one live message
    await until(() => seen.length === 8, 'the live steps');
    subscription.unsubscribe();
    expect(seen.filter((s) => s.lr !== undefined).map((s) => [s.step, s.lr])).toEqual([[5, 0.01], [8, 0.005]]);
  });

  it('closes the socket when the last subscriber unsubscribes', async () => {
    const run = syntheticRun();
    const server = await start(run);
    run.push(5);
    const live = connect(server.url, { transport });
    const a = live.steps$.subscribe();
    const b = live.status$.subscribe();
    await until(() => server.clients === 1, 'the client');
    a.unsubscribe();
    await sleep(50);
    expect(server.clients).toBe(1); // status$ still listens
    b.unsubscribe();
    await until(() => server.clients === 0, 'the socket to close');
  });
});

describe('connect', () => {
  it('gives up after maxRetries when nothing answers', async () => {
    const run = syntheticRun();
    const server = await start(run);
    const url = server.url;
    await server.close();
    const failed = firstValueFrom(connect(url, { initialDelayMs: 5, maxRetries: 2 }).steps$);
    await expect(failed).rejects.toBeTruthy();
  });

  it('does not retry what the server refuses (SSE 4xx)', async () => {
    const server = await start(syntheticRun());
    const error = await firstValueFrom(connect(`${server.url}nowhere/`, { transport: 'sse', initialDelayMs: 5 }).steps$).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionRefusedError);
    expect(error).toMatchObject({ status: 404 });
  });

  it('refuses a URL that is not one, or of another protocol, naming the field (it was retried forever)', () => {
    expect(() => connect('not a url')).toThrow(new InputError('url', 'is not a URL: "not a url"', "give the served run's base URL, e.g. http://127.0.0.1:8080/ (as rxprop run --serve prints it)"));
    expect(() => connect('ftp://127.0.0.1:8080/')).toThrow(/^url: has the protocol ftp:; a served run speaks http\(s\) or ws\(s\)/);
    expect(() => connect('http://127.0.0.1:8080/', { transport: 'pigeon' as 'sse' })).toThrow(/^transport: must be 'ws' or 'sse', got "pigeon"/);
  });

  it.each(['ws', 'sse'] as const)('over %s, ends with an InputError naming the URL when another kind of web server answers there (it was retried forever)', async (transport) => {
    const other: Server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>another app</title>'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const address = other.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
      const error = await firstValueFrom(connect(url, { transport, initialDelayMs: 5 }).steps$).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toBe(`url: ${url} is not a served rxprop run (GET /api/run answered 200 text/html) (give the served run's base URL, as rxprop run --serve prints it)`);
    } finally {
      other.close();
    }
  });

  it("passes on a server's own refusal (a Host it does not answer to) instead of calling it another kind of server", async () => {
    const refusing: Server = createServer((_req, res) => res.writeHead(421, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'the Host header "x" does not name this server' })));
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    try {
      const address = refusing.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
      const error = await firstValueFrom(connect(url, { initialDelayMs: 5 }).steps$).catch((e: unknown) => e);
      expect((error as InputError).message).toBe(`url: ${url} refused the connection (421): the Host header "x" does not name this server (give the served run's base URL, as rxprop run --serve prints it)`);
    } finally {
      refusing.close();
    }
  });

  it('still connects to a run given as ws:// (the same server)', async () => {
    const run = syntheticRun();
    const server = await start(run);
    const steps = firstValueFrom(connect(server.url.replace(/^http:/, 'ws:'), { transport: 'sse' }).steps$);
    run.push(1);
    expect((await steps).step).toBeGreaterThan(0);
  });

  it('is what examples/printCost.ts uses to print a live run from another process', async () => {
    const run = syntheticRun();
    const server = await start(run);
    const child = spawn(process.execPath, [...fromSources, new URL('../../examples/printCost.ts', import.meta.url).pathname, server.url, '20']);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exit = new Promise<number | null>((r) => child.once('exit', r));
    await until(() => server.clients === 1, 'the example to connect');
    for (let k = 0; k < 5; k++) {
      run.push(100);
      await sleep(40);
    }
    run.end();
    expect(await exit).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('status'))).toEqual(['status waiting', 'status running', 'status completed']);
    expect(lines).toContain('step 500  cost 0.002000');
  }, 20_000);
});
