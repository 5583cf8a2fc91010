// How steady this machine is: the same fixed pieces of work, timed over and over in short CPU-time
// slices taken in turn, with the spread of each over the whole run. A multiply-add loop on
// registers only (the cores' arithmetic), and the seed net's and [2,100,100,1]'s f64 training
// steps on one thread (arithmetic plus the caches and memory their arrays live in). On a quiet
// machine every row stays within a few per cent; where a host's neighbours share the caches and
// memory, the steps swing while the register loop does not, and every median the bench reports
// swings with them. Usage: npx tsx bench/host-noise.ts [--seconds 20] [--slice-ms 40]
import { Command } from 'commander';
import { wasmEngine } from '../src/engine/wasm/wasmEngine.js';
import { Batch } from '../src/network/Batch.js';
import { Network } from '../src/network/Network.js';
import { seededRandom } from '../src/random/Random.js';
import { chainLoop, compileChainLoops, rerunWithoutLiftoff } from './chainLoops.js';
import { nearestRank } from './nearestRank.js';

// Timed as the optimizing compiler builds the loop, from the first call.
rerunWithoutLiftoff(import.meta.url);

const opts = new Command()
  .option('--seconds <s>', 'length of the run', '20')
  .option('--slice-ms <ms>', 'CPU milliseconds per timed slice', '40')
  .parse()
  .opts<{ seconds: string; sliceMs: string }>();

/** Eight independent chains of f64x2 multiply-adds: the arithmetic alone, nothing from memory. */
const fma = (await compileChainLoops([chainLoop('fma', 'f64x2', 'f64', (x) => `f64x2.relaxed_madd(${x}, m, m)`)])).fma!;

/** A piece of work: `run(n)` does n units; `unit` names what one is. */
interface Work {
  readonly label: string;
  readonly unit: string;
  run(n: number): void;
}

const engine = await wasmEngine({ precision: 'f64', threads: 1, memoryMiB: 64 });
const step = (layers: number[]): Work => {
  const random = seededRandom(3);
  const B = 100;
  const batch = Batch.fromArrays(Float64Array.from({ length: layers[0]! * B }, () => random.next() - 0.5), Float64Array.from({ length: layers.at(-1)! * B }, () => random.next()), B);
  const net = Network.create({ layers, activations: 'relu' }, { engine, random: seededRandom(1) });
  return { label: `[${layers.join(',')}] f64 step, 1 thread`, unit: 'µs', run: (n) => { for (let k = 0; k < n; k++) net.trainBatch(batch, 0.001); } };
};
const works: Work[] = [
  { label: 'multiply-add loop on registers', unit: 'ns/FMA', run: (n) => { for (let k = 0; k < n; k++) fma(12_500, 1.5); } },
  step([2, 100, 1]),
  step([2, 100, 100, 1]),
];

const cpu = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
// Units per slice: about slice-ms of CPU time, counted once each work is compiled and warm (its
// first calls include compiling it, which would make a slice a handful of units).
const sliceUs = 1000 * Number(opts.sliceMs);
for (const w of works) {
  const t0 = cpu();
  while (cpu() - t0 < 300_000) w.run(1);
}
const units = works.map((w) => {
  let n = 1;
  for (;;) {
    const t0 = cpu();
    w.run(n);
    const us = cpu() - t0;
    if (us >= sliceUs / 4) return Math.max(1, Math.round((n * sliceUs) / us));
    n *= 2;
  }
});
const samples = works.map((): number[] => []);
const end = Date.now() + 1000 * Number(opts.seconds);
while (Date.now() < end) {
  works.forEach((w, i) => {
    const t0 = cpu();
    w.run(units[i]!);
    samples[i]!.push((cpu() - t0) / units[i]!);
  });
}

const fmt = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(3)).padStart(8);
console.log(`${samples[0]!.length} slices of ~${opts.sliceMs} ms CPU each per row, taken in turn over ${opts.seconds} s`);
console.log(`${'work'.padEnd(34)}${'unit'.padEnd(13)}${['min', 'p10', 'median', 'p90', 'max'].map((h) => h.padStart(8)).join('')}   p90/p10  max/min`);
works.forEach((w, i) => {
  // The register loop's unit is a call of 100 000 multiply-adds, timed in µs: ns per FMA.
  const scale = i === 0 ? 1000 / 100_000 : 1;
  const s = samples[i]!.map((v) => v * scale).sort((a, b) => a - b);
  const q = [0, 0.1, 0.5, 0.9, 1].map((p) => nearestRank(s, p));
  console.log(`${w.label.padEnd(34)}${w.unit.padEnd(13)}${q.map(fmt).join('')}   ${(q[3]! / q[1]!).toFixed(2).padStart(7)}  ${(q[4]! / q[0]!).toFixed(2).padStart(7)}`);
});
process.exit(0);
