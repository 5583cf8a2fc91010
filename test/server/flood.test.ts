import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { halfOpen, httpFlood, neverReading, webSocketFlood } from './hostileClients.js';
import { parsePrometheus } from './parsePrometheus.js';
import { startTrainingServer, type TrainingServerProcess } from './trainingServerProcess.js';
import { sleep, until } from '../helpers/until.js';
import { machineQuiet } from '../helpers/machineQuiet.js';

// The server trains and serves in its own process (serveTraining.ts) and reports its step count
// on its own clock every 100 ms; hostile clients run here. Each hostile phase's steps/s is
// compared with baselines measured in between, in this same run, so a loaded machine slows both.
const options = { reportMs: 100, headersTimeoutMs: 500 };
const windowMs = 1200;

interface Report {
  readonly step: number;
  readonly time: number;
  readonly heapUsed: number;
  readonly rss: number;
  readonly cpu: number;
}
let server: TrainingServerProcess;
let url = '';
let port = 0;
const reports: Report[] = [];

beforeAll(async () => {
  await machineQuiet(); // baselines beside the suite's last processes would not be this server's
  server = await startTrainingServer<Report>(options, (r) => reports.push(r));
  url = server.url;
  await until(() => reports.length > 0 && reports.at(-1)!.step > 0, 20_000, 'the server to train', 50);
  port = Number(new URL(url).port);
}, 45_000);

afterAll(() => server?.stop());

interface Rate {
  /** Steps per second of wall time. */
  readonly wall: number;
  /** Steps per second of the server process's CPU time. */
  readonly cpu: number;
}
/** Training's pace over the next `windowMs`, from the server's own reports. */
async function stepsPerSecond(): Promise<Rate> {
  const from = reports.length;
  await sleep(windowMs);
  const a = reports[from - 1]!;
  const b = reports.at(-1)!;
  return { wall: ((b.step - a.step) / (b.time - a.time)) * 1000, cpu: ((b.step - a.step) / (b.cpu - a.cpu)) * 1000 };
}
const metrics = async () => parsePrometheus(await (await fetch(`${url}metrics`)).text());
const metric = (m: Map<string, number>, name: string, labels = '') => m.get(`${name}{${labels}${labels ? ',' : ''}scenario="seed-fit"}`) ?? NaN;
const transports = (m: Map<string, number>, name: string) => metric(m, name, 'transport="ws"') + metric(m, name, 'transport="sse"');
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

// Steps/s on a shared machine: a retry absorbs another process's burst; a real flood regression fails every try.
describe('hostile and slow clients against a training server', { retry: 2 }, () => {
  // Why steps per CPU-second: on this shared 2-core machine the wall-clock rate of one window
  // swings by 4× with other people's load (5k to 22k steps/s measured between two baselines),
  // while the server process's steps per second of its own CPU time stays within ±5%. Training
  // runs without pause, so what a hostile client takes from training is the share of the
  // server's CPU it makes the server spend on it, which is what this rate measures: with the
  // machine otherwise idle, steps/s and steps/CPU-s are the same thing. Both are printed.
  it('each cost training less than 10% of its steps/s, and the server holds bounded memory for them', async () => {
    // Each hostile client once, briefly, before measuring: a phase then measures its flood, not
    // V8 compiling the HTTP and WebSocket code on first use (~0.3 s of CPU); then the server's
    // rate limits refill.
    for (const warm of [webSocketFlood(port, 1), httpFlood(port, '/api/run', 1), await neverReading(port, { webSockets: 1, sse: 1 }), await halfOpen(port, 3)]) {
      await sleep(200);
      await warm.stop();
    }
    await sleep(1500); // the limits refill; training's code is optimised by now

    const heapBefore = reports.at(-1)!.heapUsed;
    // Each hostile phase is compared with the baselines just before and after it (the machine's
    // load drifts over the test's 15 s).
    const baselines: Rate[] = [];
    const phases: { what: string; rate: Rate; before: number }[] = [];
    const baseline = async () => void baselines.push(await stepsPerSecond());
    const phase = async (what: string) => {
      const rate = await stepsPerSecond();
      phases.push({ what, rate, before: baselines.length - 1 });
    };
    await baseline();

    // WebSocket clients writing control messages as fast as they can, reconnecting when cut.
    const wsFlood = webSocketFlood(port, 1);
    await phase('1 WebSocket flooder');
    const flood1 = await wsFlood.stop();
    const wsFlood4 = webSocketFlood(port, 4);
    await phase('4 WebSocket flooders');
    // On a slow machine the burst may outlast the window: the flooders go on until one is cut.
    await until(async () => metric(await metrics(), 'rxprop_refused_total', 'reason="flood"') > 0, 10_000, 'a flooder to be closed', 50);
    const flood4 = await wsFlood4.stop();
    await baseline();

    // Pipelined HTTP requests as fast as they are answered, on 4 connections, reconnecting when cut.
    const http = httpFlood(port, '/api/run', 4);
    await phase('4 pipelining HTTP flooders');
    const httpCounts = await http.stop();
    await baseline();

    // Clients that never read: 10 WebSocket, 10 SSE.
    const stalled = await neverReading(port, { webSockets: 10, sse: 10 });
    await phase('20 never-reading clients');
    const stalledMetrics = await metrics();
    await stalled.stop();
    await baseline();

    // Half-open connections: partial requests, unfinished upgrades, silence.
    const half = await halfOpen(port, 300);
    const halfStart = performance.now();
    await phase('300 half-open connections');
    await until(() => half.closedByServer() === 300, 10_000, 'the server to cut the half-open connections', 50).catch(() => {});
    const halfCutMs = performance.now() - halfStart;
    const halfClosed = await half.stop();
    await baseline();

    // Nothing of theirs is held once they are gone.
    await until(async () => transports(await metrics(), 'rxprop_clients') === 0, 5000, 'the server to forget the hostile clients', 50).catch(() => {});
    const end = await metrics();
    const heapMax = Math.max(...reports.filter((r) => r.heapUsed > 0).map((r) => r.heapUsed));

    const mean = (values: readonly number[]) => values.reduce((a, b) => a + b) / values.length;
    const around = (before: number): Rate => {
      const [a, b] = [baselines[before]!, baselines[before + 1]!];
      return { wall: (a.wall + b.wall) / 2, cpu: (a.cpu + b.cpu) / 2 };
    };
    const share = phases.map(({ what, rate, before }) => ({ what, rate, wall: rate.wall / around(before).wall, cpu: rate.cpu / around(before).cpu }));
    const percent = (x: number) => `${(x * 100).toFixed(0)}%`;
    console.info(
      [
        `baselines: ${baselines.map((r) => `${r.wall.toFixed(0)} steps/s, ${r.cpu.toFixed(0)} steps/CPU-s`).join('; ')}`,
        ...share.map(({ what, rate, wall, cpu }) => `${what}: ${rate.wall.toFixed(0)} steps/s (${percent(wall)}), ${rate.cpu.toFixed(0)} steps/CPU-s (${percent(cpu)})`),
        `WebSocket flood, 1 client: ${flood1.connections} connections, ${flood1.closed1008} closed with 1008, ${flood1.messagesWritten} messages written`,
        `WebSocket flood, 4 clients: ${flood4.connections} connections, ${flood4.closed1008} closed with 1008, ${flood4.messagesWritten} messages written`,
        `HTTP flood: ${httpCounts.connections} connections, answers ${JSON.stringify(httpCounts.statuses)}`,
        `20 never-reading clients: ${mb(transports(stalledMetrics, 'rxprop_client_pending_bytes'))} pending for them`,
        `half-open connections cut by the server: ${halfClosed} of 300, the last ${(halfCutMs / 1000).toFixed(1)} s after they connected (headers timeout ${options.headersTimeoutMs} ms)`,
        `refused: ${['flood', 'busy', 'host', 'origin'].map((r) => `${r} ${metric(end, 'rxprop_refused_total', `reason="${r}"`)}`).join(', ')}`,
        `server heap ${mb(heapBefore)} before the floods, at most ${mb(heapMax)}; clients left ${transports(end, 'rxprop_clients')}`,
      ].join('\n'),
    );

    // Alone on this machine each phase keeps 93–106% (the figures printed above). Run beside the
    // rest of the suite, one window varies by ±15% (the flooders' own CPU shares the cores), so
    // the hostile phases together must keep the issue's 90%, a single phase 75%. The flood this
    // guards against took 99.9% (13.2k steps/s to 17); the mechanisms are asserted exactly below.
    for (const { what, cpu } of share) expect(cpu, what).toBeGreaterThan(0.75);
    expect(mean(share.map((p) => p.cpu)), 'all hostile phases').toBeGreaterThan(0.9);
    expect(metric(end, 'rxprop_refused_total', 'reason="flood"')).toBeGreaterThan(0);
    expect(httpCounts.statuses['200']).toBeGreaterThan(0); // served within its limits, then refused
    expect((httpCounts.statuses['429'] ?? 0) + (httpCounts.statuses['503'] ?? 0)).toBeGreaterThan(0);
    expect(server.log.join('')).toMatch(/closed \(1008\)/);
    // Per never-reading client: its 256 KiB socket limit plus at most 64 queued messages and one
    // snapshot (~1.3 MB); test/server/load.test.ts fills a stalled client's buffers to that bound.
    expect(transports(stalledMetrics, 'rxprop_client_pending_bytes')).toBeLessThan(20 * 1.3 * 2 ** 20);
    expect(halfClosed).toBe(300);
    expect(transports(end, 'rxprop_clients')).toBe(0);
    expect(heapMax - heapBefore).toBeLessThan(128 * 2 ** 20);
  }, 60_000);
});
