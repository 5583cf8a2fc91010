// What a 128-bit divide and square root cost on this machine, against a multiply-add: ns per
// instruction (CPU time, best of 5) with 8 independent chains, so throughput rather than latency
// is timed. The sigmoid and tanh (a divide each) and Adam's update (a square root and a divide per
// weight) cannot run faster than these. Usage: npx tsx bench/divide-cost.ts
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import asc from 'assemblyscript/asc';

// Timed as the optimizing compiler builds the loops, from the first call: the script runs itself
// again under `node --no-liftoff` (set at run time instead, with setFlagsFromString, the f64 divide
// read 4.5–6.8 ns against 1.2 here, for a reason not found; the other rows agreed).
if (!process.execArgv.includes('--no-liftoff')) {
  const { status } = spawnSync(process.execPath, ['--no-liftoff', ...process.execArgv, fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  process.exit(status ?? 1);
}

/** One exported loop per instruction: `op(x)` is applied to each of 8 chains, n times. */
const kernel = (name: string, type: 'f64x2' | 'f32x4', scalar: 'f64' | 'f32', op: (x: string) => string): string => `
export function ${name}(n: i32, seed: ${scalar}): ${scalar} {
  const m = ${type}.splat(<${scalar}>1.0000001);
  let a = ${type}.splat(seed), b = ${type}.splat(seed + 0.1), c = ${type}.splat(seed + 0.2), d = ${type}.splat(seed + 0.3);
  let e = ${type}.splat(seed + 0.4), f = ${type}.splat(seed + 0.5), g = ${type}.splat(seed + 0.6), h = ${type}.splat(seed + 0.7);
  for (let i = 0; i < n; i++) {
    a = ${op('a')}; b = ${op('b')}; c = ${op('c')}; d = ${op('d')}; e = ${op('e')}; f = ${op('f')}; g = ${op('g')}; h = ${op('h')};
  }
  return ${type}.extract_lane(${type}.add(${type}.add(${type}.add(a, b), ${type}.add(c, d)), ${type}.add(${type}.add(e, f), ${type}.add(g, h))), 0);
}`;
const kernels: Record<string, string> = {
  'f64x2 multiply-add (relaxed)': kernel('fma64', 'f64x2', 'f64', (x) => `f64x2.relaxed_madd(${x}, m, m)`),
  'f64x2 divide': kernel('div64', 'f64x2', 'f64', (x) => `f64x2.div(m, ${x})`),
  'f64x2 square root': kernel('sqrt64', 'f64x2', 'f64', (x) => `f64x2.sqrt(${x})`),
  'f32x4 divide': kernel('div32', 'f32x4', 'f32', (x) => `f32x4.div(m, ${x})`),
  'f32x4 square root': kernel('sqrt32', 'f32x4', 'f32', (x) => `f32x4.sqrt(${x})`),
};
const { binary, stderr } = await asc.compileString(Object.values(kernels).join('\n'), { optimizeLevel: 3, runtime: 'stub', enable: ['simd', 'relaxed-simd'] });
if (!binary) throw new Error(`asc failed: ${stderr.toString()}`);
// Node 20 validates relaxed SIMD only behind this flag (as src/engine/wasm/loadWasmModule.ts sets it).
setFlagsFromString('--experimental-wasm-relaxed-simd');
const { exports } = new WebAssembly.Instance(new WebAssembly.Module(binary as Uint8Array<ArrayBuffer>));
const n = 10_000;
const calls = 200;
for (const [label, source] of Object.entries(kernels)) {
  const name = /export function (\w+)/.exec(source)![1]!;
  const run = exports[name] as (n: number, seed: number) => number;
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
