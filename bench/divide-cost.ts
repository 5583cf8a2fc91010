// What a 128-bit divide and square root cost on this machine, against a multiply-add: ns per
// instruction (CPU time, best of 5) with 8 independent chains, so throughput rather than latency
// is timed. The sigmoid and tanh (a divide each) and Adam's update (a square root and a divide per
// weight) cannot run faster than these. Usage: npx tsx bench/divide-cost.ts
import { chainLoop, compileChainLoops, rerunWithoutLiftoff } from './chainLoops.js';

rerunWithoutLiftoff(import.meta.url);

const kernels: Record<string, string> = {
  'f64x2 multiply-add (relaxed)': chainLoop('fma64', 'f64x2', 'f64', (x) => `f64x2.relaxed_madd(${x}, m, m)`),
  'f64x2 divide': chainLoop('div64', 'f64x2', 'f64', (x) => `f64x2.div(m, ${x})`),
  'f64x2 square root': chainLoop('sqrt64', 'f64x2', 'f64', (x) => `f64x2.sqrt(${x})`),
  'f32x4 divide': chainLoop('div32', 'f32x4', 'f32', (x) => `f32x4.div(m, ${x})`),
  'f32x4 square root': chainLoop('sqrt32', 'f32x4', 'f32', (x) => `f32x4.sqrt(${x})`),
};
const exports = await compileChainLoops(Object.values(kernels));
const n = 10_000;
const calls = 200;
for (const [label, source] of Object.entries(kernels)) {
  const name = /export function (\w+)/.exec(source)![1]!;
  const run = exports[name]!;
  for (let k = 0; k < 2 * calls; k++) run(n, 1.5);
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const cpu = process.cpuUsage();
    for (let k = 0; k < calls; k++) run(n, 1.5);
    const used = process.cpuUsage(cpu);
    best = Math.min(best, ((used.user + used.system) * 1000) / (8 * n * calls));
  }
  console.log(`${label.padEnd(30)} ${best.toFixed(3)} ns per instruction (${(best / (name.endsWith('32') ? 4 : 2)).toFixed(3)} ns per lane)`);
}
