import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, takeWhile, tap, toArray } from 'rxjs';
import { webSocket } from 'rxjs/webSocket';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { InputError } from '../../src/errors/InputError.js';
import type { ServerMessage } from '../../src/protocol/protocol.js';
import { serve, type RunServer } from '../../src/server/serve.js';
import { parsePrometheus } from './parsePrometheus.js';
import { readEvents } from './readEvents.js';
import { grid, syntheticRun } from './syntheticRun.js';
import { closeServers, startServer } from './testServers.js';
import { sleep } from '../helpers/until.js';

afterEach(closeServers);
const start = startServer;

const wsUrl = (server: RunServer, query = '') => `${server.url.replace('http', 'ws')}ws${query}`;

describe('serve', () => {
  it('sends a WebSocket client (rxjs/webSocket) the history, then live steps, snapshots and the final status', async () => {
    const run = syntheticRun();
    const server = await start(run);
    run.push(50);
    run.snap();
    await sleep(40);

    let live = false;
    const received = firstValueFrom(
      webSocket<ServerMessage>({ url: wsUrl(server), WebSocketCtor: WebSocket as never }).pipe(
        tap(() => {
          if (live) return;
          live = true; // the history is in: train on
          run.push(50);
          run.snap();
          run.end();
        }),
        takeWhile((m) => !(m.type === 'status' && m.status.state === 'completed'), true),
        toArray(),
      ),
    );
    const messages = await received;

    const [history, ...rest] = messages;
    expect(history).toMatchObject({ type: 'history', status: { state: 'running' }, snapshot: { step: 50, prediction: [0, 50, 1, 2], grid } });
    if (history?.type !== 'history') throw new Error('history first');
    expect(history.steps.map(([s]) => s)).toEqual(Array.from({ length: 50 }, (_, k) => k + 1));
    const liveSteps = rest.flatMap((m) => (m.type === 'steps' ? m.steps.map(([s]) => s) : []));
    expect(liveSteps).toEqual(Array.from({ length: 50 }, (_, k) => k + 51));
    expect(rest.filter((m) => m.type === 'snapshot').map((m) => m.type === 'snapshot' && m.snapshot.step)).toEqual([100]);
    expect(rest.at(-1)).toMatchObject({ type: 'status', status: { state: 'completed' } });
    const ids = messages.map((m) => ('id' in m ? m.id : NaN));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(await server.finished).toEqual({ state: 'completed' });
  });

  it('resumes a Server-Sent Events client from Last-Event-ID with only what it missed', async () => {
    const run = syntheticRun();
    const server = await start(run);
    run.push(10);
    await sleep(30);
    const first = await readEvents(`${server.url}events`, { until: (e) => e.event === 'history' });
    expect(first.status).toBe(200);
    const lastId = first.events.at(-1)!.id!;

    run.push(20); // missed while disconnected
    await sleep(30);
    run.push(5);
    await sleep(30);
    const resumed = await readEvents(`${server.url}events`, {
      headers: { 'last-event-id': lastId },
      until: (_e, all) => all.flatMap((m) => (m.event === 'steps' ? JSON.parse(m.data).steps : [])).length >= 25,
    });
    expect(resumed.events.map((e) => e.event)).not.toContain('history');
    expect(resumed.events.every((e) => Number(e.id) > Number(lastId))).toBe(true);
    const steps = resumed.events.flatMap((e) => (e.event === 'steps' ? (JSON.parse(e.data) as { steps: number[][] }).steps.map(([s]) => s) : []));
    expect(steps).toEqual(Array.from({ length: 25 }, (_, k) => k + 11));

    // An id this server never sent (another run's) gets the whole history instead.
    const stranger = await readEvents(`${server.url}events?lastEventId=999999`, { until: () => true });
    expect(stranger.events[0]?.event).toBe('history');
    expect(JSON.parse(stranger.events[0]!.data).steps).toHaveLength(35);
  });

  it('bounds the history a late client gets, whatever the length of the run', async () => {
    const run = syntheticRun();
    const server = await start(run, { historyPoints: 100 });
    run.push(100_000);
    await sleep(30);
    const { events } = await readEvents(`${server.url}events`, { until: (e) => e.event === 'history' });
    const steps = (JSON.parse(events[0]!.data) as { steps: number[][] }).steps.map(([s]) => s);
    expect(steps.length).toBeLessThanOrEqual(101);
    expect(steps[0]).toBe(1);
    expect(steps.at(-1)).toBe(100_000);
  });

  it('answers /metrics in Prometheus text from its own registry with the process metrics, and /api/run as JSON', async () => {
    const run = syntheticRun();
    const server = await start(run);
    const other = await start({ ...syntheticRun(), name: 'other' });
    run.push(10);
    run.snap();
    run.push(32);
    run.snap();
    const sockets = [new WebSocket(wsUrl(server)), new WebSocket(wsUrl(server))];
    await Promise.all(sockets.map((s) => new Promise((r) => s.once('message', r))));

    const response = await fetch(`${server.url}metrics`);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const metrics = parsePrometheus(await response.text());
    expect(metrics.get('rxprop_train_steps_total{scenario="synthetic"}')).toBe(42);
    expect(metrics.get('rxprop_train_cost{scenario="synthetic"}')).toBeCloseTo(1 / 42, 12);
    expect(metrics.get('rxprop_snapshots_total{scenario="synthetic"}')).toBe(2);
    expect(metrics.get('rxprop_clients{transport="ws",scenario="synthetic"}')).toBe(2);
    expect(metrics.get('rxprop_clients{transport="sse",scenario="synthetic"}')).toBe(0);
    expect(metrics.get('rxprop_run_status{state="running",scenario="synthetic"}')).toBe(1);
    expect(metrics.get('rxprop_run_status{state="completed",scenario="synthetic"}')).toBe(0);
    expect(metrics.has('rxprop_train_steps_per_second{scenario="synthetic"}')).toBe(true);
    expect(metrics.get('rxprop_dropped_messages_total{kind="steps",scenario="synthetic"}')).toBe(0);
    // Per-server registries: the other server's run is not in this one's text, nor the reverse.
    expect([...metrics.keys()].some((k) => k.includes('other'))).toBe(false);
    const otherMetrics = parsePrometheus(await (await fetch(`${other.url}metrics`)).text());
    expect(otherMetrics.get('rxprop_train_steps_total{scenario="other"}')).toBe(0);
    // The process's own metrics (prom-client's defaults) come first, without the scenario label:
    // they are the process's, whichever runs it serves.
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'process_start_time_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds']) {
      expect(metrics.get(name), name).toBeGreaterThanOrEqual(0);
      expect(otherMetrics.get(name), name).toBeGreaterThanOrEqual(0);
    }
    expect(metrics.get('process_resident_memory_bytes')).toBeGreaterThan(10 * 2 ** 20);
    expect(metrics.get('rxprop_refused_total{reason="flood",scenario="synthetic"}')).toBe(0);

    const summary = await (await fetch(`${server.url}api/run`)).json();
    expect(summary).toMatchObject({ name: 'synthetic', scenario: { note: 'driven by the test' }, status: { state: 'running' }, step: 42, snapshots: 2, clients: 2 });
    expect(summary.target).toEqual({ grid, values: [0, 1, 2, 3] });
    expect('classes' in summary).toBe(false); // a regression: its snapshots are heatmaps
    sockets.forEach((s) => s.close());
  });

  it("sends a classifier's classes and points once, in /api/run", async () => {
    const classes = { names: ['−1', '+1'], read: { kind: 'index' }, train: { xy: [0.1234567891, -2, 3, 4], classes: [0, 1] }, test: { xy: [1, 1], classes: [1] } } as const;
    const server = await start({ ...syntheticRun(), classes });
    const summary = await (await fetch(`${server.url}api/run`)).json();
    expect(summary.classes).toEqual({ ...classes, train: { xy: [0.123457, -2, 3, 4], classes: [0, 1] } });
  });

  it('serves the dashboard page, or says how to build it', async () => {
    const webRoot = await mkdtemp(join(tmpdir(), 'rxprop-web-'));
    await mkdir(join(webRoot, 'assets'));
    await writeFile(join(webRoot, 'index.html'), '<!doctype html><canvas></canvas><script src="./assets/app.js"></script>');
    await writeFile(join(webRoot, 'assets', 'app.js'), 'console.log(1)');
    const built = await start(syntheticRun(), { webRoot });
    const page = await fetch(built.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<canvas');
    expect((await fetch(`${built.url}assets/app.js`)).status).toBe(200);
    const missing = await start(syntheticRun(), { webRoot: '/nonexistent' });
    const answer = await fetch(missing.url);
    expect(answer.status).toBe(503);
    expect(await answer.text()).toContain('npm run build:web');
    await rm(webRoot, { recursive: true });
  });

  it('unsubscribes from the run and closes every connection on close()', async () => {
    const run = syntheticRun();
    const server = await start(run);
    run.push(3);
    const socket = new WebSocket(wsUrl(server));
    const closed = new Promise<number>((r) => socket.once('close', (code) => r(code)));
    await new Promise((r) => socket.once('message', r));
    await server.close();
    expect(await closed).toBe(1001); // going away mid-run: the client should reconnect
    expect(run.steps$.observed).toBe(false);
    expect(run.snapshots$.observed).toBe(false);
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it('reports a port in use and bad options as InputError', async () => {
    const server = await start(syntheticRun());
    await expect(serve(syntheticRun(), { port: server.port })).rejects.toMatchObject({ name: 'InputError', field: 'port' });
    await expect(serve(syntheticRun(), { port: 70000 })).rejects.toBeInstanceOf(InputError);
    await expect(serve(syntheticRun(), { token: 'short' })).rejects.toMatchObject({ field: 'token' });
  });

  // Each was taken as given: a limit of 0 or NaN turned a bound off, a flush of 0 ms spun, and the
  // others failed later with a TypeError or RangeError naming no option.
  it.each<[Record<string, unknown>, string]>([
    [{ flushMs: 0 }, 'flushMs: must be a positive number, got 0 (leave it out for the default)'],
    [{ flushMs: NaN }, 'flushMs: must be a positive number, got NaN (leave it out for the default)'],
    [{ maxQueued: 0 }, 'maxQueued: must be a whole number ≥ 1, got 0 (leave it out for the default)'],
    [{ maxClients: 0 }, 'maxClients: must be a whole number ≥ 1, got 0 (leave it out for the default)'],
    [{ clientBufferBytes: -1 }, 'clientBufferBytes: must be a positive number, got -1 (leave it out for the default)'],
    [{ historyPoints: 1 }, 'historyPoints: must be a whole number ≥ 2, got 1 (leave it out for the default)'],
    [{ livePoints: 0 }, 'livePoints: must be a whole number ≥ 2, got 0 (leave it out for the default)'],
    [{ replayMessages: -1 }, 'replayMessages: must be a whole number ≥ 0, got -1 (leave it out for the default)'],
    [{ host: 5 }, 'host: must be a non-empty string, got 5 (use 127.0.0.1 (this machine) or 0.0.0.0 (every interface))'],
    [{ allowOrigin: 'http://localhost:3000' }, `allowOrigin: must be a list of origins, got "http://localhost:3000" (e.g. allowOrigin: ['http://localhost:3000'])`],
  ])('refuses %j before listening, naming the option', async (options, message) => {
    const error = await serve(syntheticRun(), { log: () => {}, ...options }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(message);
  });

  it('refuses something that is not a run, naming it', async () => {
    for (const run of [null, {}]) {
      await expect(serve(run as unknown as Parameters<typeof serve>[0])).rejects.toThrow(new InputError('run', 'must have steps$ and snapshots$ streams', 'serve a trainingRun(…), or any { steps$, snapshots$ }'));
    }
  });
});
