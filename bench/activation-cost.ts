// What an activation costs: ns per element of the bias + activation kernel on a 100×100 block, and
// µs per fused training step of [2,100,1] and [2,100,100,1] (batch 100) for each activation, in f64
// and f32 on one thread, timed in process CPU time (the machine is shared: wall time counts other
// people's work). With `--baseline <dir>` (a folder holding another build's rxprop-*.wasm) each
// measurement runs on both builds, interleaved round by round, so drifting load hits both alike.
// Usage: npx tsx bench/activation-cost.ts [--baseline /tmp/base/build/wasm/] [--rounds 9] [--ms 60] [--only sigmoid]
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { activations, type ActivationName } from '../src/engine/activations.js';
import { wasmEngine, type WasmEngine } from '../src/engine/wasm/wasmEngine.js';
import { Batch } from '../src/network/Batch.js';
import { Network } from '../src/network/Network.js';
import { seededRandom } from '../src/random/Random.js';

const opts = new Command()
  .option('--baseline <dir>', 'folder of a second build to compare against, interleaved')
  .option('--rounds <n>', 'interleaved rounds (median and min reported)', '9')
  .option('--ms <n>', 'CPU milliseconds per measurement', '60')
  .option('--precisions <list>', 'f64, f32 or both', 'f64,f32')
  .option('--only <regex>', 'only the measurements whose label matches')
  .parse()
  .opts<{ baseline?: string; rounds: string; ms: string; precisions: string; only?: string }>();

const B = 100;
const acts: ActivationName[] = ['relu', 'sigmoid', 'tanh'];
const nets = [[2, 100, 1], [2, 100, 100, 1]] as const;

/** CPU µs (user + system) of this process. */
const cpu = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** A workload: runs `n` repetitions, says how many units (elements or steps) one repetition is. */
interface Work {
  readonly label: string;
  readonly unit: 'ns/elem' | 'µs/step';
  readonly perRep: number;
  run(n: number): void;
}

function works(engine: WasmEngine): Work[] {
  const random = seededRandom(3);
  const out: Work[] = [];
  const cols = 100;
  // Pre-activations spread like a trained net's (|z| up to ~6), so both saturated and central lanes occur.
  const z = engine.zeros(B, cols);
  engine.write(z, Float64Array.from({ length: B * cols }, () => 12 * random.next() - 6));
  const bias = engine.zeros(1, cols);
  engine.write(bias, Float64Array.from({ length: cols }, () => random.next() - 0.5));
  const y = engine.zeros(B, cols);
  const df = engine.zeros(B, cols);
  for (const act of [...acts, 'linear' as const]) {
    out.push({ label: `biasActivation ${act}`, unit: 'ns/elem', perRep: B * cols, run: (n) => { for (let k = 0; k < n; k++) engine.biasActivation(z, bias, activations[act], y, df); } });
  }
  const batch = Batch.fromArrays(Float64Array.from({ length: 2 * B }, () => random.next() - 0.5), Float64Array.from({ length: B }, () => random.next()), B);
  for (const layers of nets) {
    for (const act of acts) {
      const net = Network.create({ layers: [...layers], activations: act, init: { weights: { type: 'uniform', scale: 0.1 }, biases: { type: 'zeros' } } }, { engine, random: seededRandom(1) });
      out.push({ label: `step [${layers.join(',')}] ${act}`, unit: 'µs/step', perRep: 1, run: (n) => { for (let k = 0; k < n; k++) net.trainBatch(batch, 0.001); } });
    }
  }
  return opts.only === undefined ? out : out.filter((w) => new RegExp(opts.only!).test(w.label));
}

/** Repetitions that take about `ms` of CPU time. */
function calibrate(w: Work, ms: number): number {
  let n = 1;
  for (;;) {
    const t0 = cpu();
    w.run(n);
    const us = cpu() - t0;
    if (us >= ms * 250) return Math.max(1, Math.round((n * ms * 1000) / us));
    n *= 2;
  }
}

function measure(w: Work, n: number): number {
  const t0 = cpu();
  w.run(n);
  const us = cpu() - t0;
  return w.unit === 'ns/elem' ? (us * 1000) / (n * w.perRep) : us / n;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const rounds = Number(opts.rounds);
const ms = Number(opts.ms);
for (const precision of opts.precisions.split(',') as ('f64' | 'f32')[]) {
  const builds: { name: string; engine: WasmEngine }[] = [{ name: 'this', engine: await wasmEngine({ precision, threads: 1, memoryMiB: 64 }) }];
  if (opts.baseline) {
    const baseUrl = pathToFileURL(opts.baseline.endsWith('/') ? opts.baseline : `${opts.baseline}/`);
    builds.push({ name: 'baseline', engine: await wasmEngine({ precision, threads: 1, memoryMiB: 64, baseUrl }) });
  }
  const table = builds.map((b) => works(b.engine));
  const reps = table.map((ws) => ws.map((w) => calibrate(w, ms)));
  const samples = table.map((ws) => ws.map((): number[] => []));
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < table[0]!.length; i++) {
      // Alternate which build goes first, so neither always follows the other's cache state.
      const order = builds.map((_, b) => b);
      if (round % 2) order.reverse();
      for (const b of order) samples[b]![i]!.push(measure(table[b]![i]!, reps[b]![i]!));
    }
  }
  console.log(`\n${precision}, 1 thread, ${builds[0]!.engine.simd} (CPU time; median [min] of ${rounds} interleaved rounds)`);
  console.log(`${''.padEnd(30)}${builds.map((b) => b.name.padStart(22)).join('')}${builds.length > 1 ? '   this/baseline' : ''}`);
  table[0]!.forEach((w, i) => {
    const cells = builds.map((_, b) => `${median(samples[b]![i]!).toFixed(w.unit === 'ns/elem' ? 3 : 1)} [${Math.min(...samples[b]![i]!).toFixed(w.unit === 'ns/elem' ? 3 : 1)}]`.padStart(22));
    const ratio = builds.length > 1 ? `   ${(median(samples[0]![i]!) / median(samples[1]![i]!)).toFixed(2)}` : '';
    console.log(`${`${w.label} ${w.unit}`.padEnd(30)}${cells.join('')}${ratio}`);
  });
}
process.exit(0);
