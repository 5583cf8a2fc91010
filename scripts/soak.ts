// `npm run soak` (not part of `npm test`): trains the seed's example for 10^6 steps (or argv[2])
// while serving it to 5 Server-Sent Events and 5 WebSocket clients (the project's own `connect`),
// samples the heap (after a full GC) and the RSS every second, prints them every 10 s and at the
// end (start, end, max), and exits 1 if memory grew past the bounds below, or if a client missed
// the end of the run. The clients run in this process too, so their memory counts against us.
// The run keeps 10,000 steps of history (trimmed in halves, so 10k–20k) instead of the default
// 100,000: the default's saw-tooth between 100k and 200k retained steps (10–20 MB, by design)
// would hide a leak of that size; with 10k the retained history is full from 2% of the run on.
// Run with `node --expose-gc --import tsx scripts/soak.ts [steps]`, as the npm script does.
import { connect } from '../src/client/connect.js';
import { createEngine } from '../src/engine/createEngine.js';
import { Network } from '../src/network/Network.js';
import { gridInputs, gridOver } from '../src/operators/grid.js';
import { trainingRun } from '../src/operators/trainingRun.js';
import { seededRandom } from '../src/random/Random.js';
import { compileTarget } from '../src/samplers/compileTarget.js';
import { fromFunction } from '../src/samplers/fromFunction.js';
import { serve } from '../src/server/serve.js';

/** Growth allowed from the first sample (after warm-up) to the last. */
const bounds = { heapBytes: 16 * 2 ** 20, rssBytes: 64 * 2 ** 20 };
const steps = Number(process.argv[2] ?? 1_000_000);
const sampleMs = 1000;
const printEvery = 10;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('soak: run with node --expose-gc (npm run soak does), so that heap samples are taken after a full collection');
  process.exit(2);
}

const expression = 'exp(-5*(x^2+y^2))*abs(x+y)';
const box = [[-0.5, 0.5], [-0.5, 0.5]] as const;
const engine = await createEngine();
const run = trainingRun(
  fromFunction({ target: expression, box, batchSize: 100, seed: 1 }),
  () => Network.create({ layers: [2, 30, 30, 1], activations: ['relu', 'relu', 'linear'] }, { engine, random: seededRandom(1) }),
  { eta: 0.05, steps, snapshots: { everyMs: 50 }, historyLimit: 10_000 },
);
const grid = gridOver(box);
const f = compileTarget(expression, 2);
const points = gridInputs(grid, 2);
const target = Float64Array.from({ length: grid.nx * grid.ny }, (_, k) => f(points.subarray(2 * k, 2 * k + 2)));
const server = await serve({ steps$: run.steps$, snapshots$: run.snapshots$, history: run.history, name: 'soak', grid, target }, { log: (line) => console.error(`serve: ${line}`) });

// Ten clients, each counting what it receives and remembering the status it ended on.
const clients = (['ws', 'ws', 'ws', 'ws', 'ws', 'sse', 'sse', 'sse', 'sse', 'sse'] as const).map((transport) => {
  const connection = connect(server.url, { transport });
  const state = { transport, points: 0, snapshots: 0, last: 'none' };
  connection.steps$.subscribe(() => state.points++);
  connection.snapshots$.subscribe(() => state.snapshots++);
  connection.status$.subscribe((s) => (state.last = s.state));
  return state;
});

interface Sample {
  readonly seconds: number;
  readonly step: number;
  readonly heap: number;
  readonly rss: number;
}
const samples: Sample[] = [];
let step = 0;
run.steps$.subscribe((s) => (step = s.step));
const started = performance.now();
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const sample = (): Sample => {
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  const s = { seconds: (performance.now() - started) / 1000, step, heap: heapUsed, rss };
  samples.push(s);
  if (samples.length % printEvery === 1) console.log(`${s.seconds.toFixed(0).padStart(5)} s  step ${String(s.step).padStart(8)}  heap ${mb(s.heap).padStart(9)}  rss ${mb(s.rss).padStart(9)}  clients ${server.clients}`);
  return s;
};
console.log(`soak: ${steps} steps, 5 WebSocket and 5 SSE clients on ${server.url}; heap after a full GC, sampled every ${sampleMs} ms`);
const timer = setInterval(sample, sampleMs);
run.connect();
const status = await server.finished;
clearInterval(timer);
await new Promise((r) => setTimeout(r, 500)); // the clients read the final messages
const last = sample();
await server.close();

// The start is the first sample past 2% of the run: after compilation, the clients' arrival and
// the history filling up.
const first = samples.find((s) => s.step >= steps * 0.02) ?? samples[0]!;
const max = (key: 'heap' | 'rss') => Math.max(...samples.map((s) => s[key]));
const seconds = (last.seconds - first.seconds) || 1;
console.log(
  [
    `run ${status.state} after ${last.step} steps in ${last.seconds.toFixed(0)} s (${((last.step - first.step) / seconds).toFixed(0)} steps/s while measured)`,
    `heap: start ${mb(first.heap)} (step ${first.step}), end ${mb(last.heap)}, max ${mb(max('heap'))}; growth ${mb(last.heap - first.heap)} (bound ${mb(bounds.heapBytes)})`,
    `rss:  start ${mb(first.rss)}, end ${mb(last.rss)}, max ${mb(max('rss'))}; growth ${mb(last.rss - first.rss)} (bound ${mb(bounds.rssBytes)})`,
    `clients: ${clients.map((c) => `${c.transport} ${c.points} points, ${c.snapshots} snapshots, ended ${c.last}`).join('; ')}`,
  ].join('\n'),
);
const failures = [
  status.state !== 'completed' && `the run ended ${status.state}`,
  last.step !== steps && `the run stopped at step ${last.step}`,
  last.heap - first.heap > bounds.heapBytes && 'the heap grew past its bound',
  last.rss - first.rss > bounds.rssBytes && 'the RSS grew past its bound',
  clients.some((c) => c.last !== 'completed') && 'a client did not see the run complete',
].filter(Boolean);
if (failures.length > 0) console.error(`soak FAILED: ${failures.join('; ')}`);
process.exit(failures.length > 0 ? 1 : 0);
