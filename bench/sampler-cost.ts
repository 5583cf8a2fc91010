// CPU time (process.cpuUsage: robust on a loaded machine) of a 100-point 2-D batch of the seed function, min and median over rounds after warm-up: the compiled expression (one generated loop per batch, compileBatchKernel), the old per-point expression path, a TypeScript callback. With --parts, also what a compiled batch is made of: the generator's 200 draws, the draws plus the generated loop on reused arrays (no allocation), Math.exp alone on 100 fresh arguments of the seed's range, and the arrays of a batch three ways. Usage: npx tsx bench/sampler-cost.ts [--parts]
import { Batch } from '../src/network/Batch.js';
import { seededRandom } from '../src/random/Random.js';
import { compileBatchKernel } from '../src/samplers/compileBatchKernel.js';
import { compileTarget } from '../src/samplers/compileTarget.js';
import { Float64Slab } from '../src/samplers/Float64Slab.js';
import { functionBatchMaker } from '../src/samplers/fromFunction.js';

const expr = 'exp(-5*(x^2+y^2))*abs(x+y)';
const box: [number, number][] = [[-0.5, 0.5], [-0.5, 0.5]];
const perPoint = compileTarget(expr, 2);
const makers: Record<string, () => unknown> = {
  'compiled expression': functionBatchMaker({ target: expr, box, batchSize: 100 })(seededRandom(1)),
  'per-point (old expression path)': functionBatchMaker({ target: (x) => perPoint(x), box, batchSize: 100 })(seededRandom(1)),
  'ts callback': functionBatchMaker({ target: (x) => Math.exp(-5 * (x[0]! ** 2 + x[1]! ** 2)) * Math.abs(x[0]! + x[1]!), box, batchSize: 100 })(seededRandom(1)),
};
report(makers);

if (process.argv.includes('--parts')) {
  const random = seededRandom(2);
  const x = new Float64Array(200);
  const t = new Float64Array(100);
  const kernel = compileBatchKernel([expr], ['target'], box)!;
  const slab = new Float64Slab(8192);
  const kept: unknown[] = new Array(64); // the last arrays made stay alive a while, as a consumer's would
  let k = 0;
  report({
    'parts: 200 draws': () => random.fill(x, 0, 200),
    'parts: 200 draws + generated loop': () => {
      random.fill(x, 0, 200);
      kernel(x, t, 100);
    },
    'parts: Math.exp of 100 fresh args': () => {
      random.fill(t, 0, 100);
      for (let i = 0; i < 100; i++) t[i] = Math.exp(-2.5 * t[i]!);
    },
    'parts: 100 draws (subtract from ↑)': () => {
      random.fill(t, 0, 100);
      for (let i = 0; i < 100; i++) t[i] = -2.5 * t[i]!;
    },
    'parts: batch arrays, 2 × new': () => (kept[k++ & 63] = Batch.fromFiniteArrays(new Float64Array(200), new Float64Array(100), 100)),
    'parts: batch arrays, 1 ArrayBuffer': () => {
      const buffer = new ArrayBuffer(2400);
      kept[k++ & 63] = Batch.fromFiniteArrays(new Float64Array(buffer, 0, 200), new Float64Array(buffer, 1600, 100), 100);
    },
    'parts: batch arrays, slab': () => (kept[k++ & 63] = Batch.fromFiniteArrays(slab.take(200, 300), slab.take(100), 100)),
  });
}

/** Runs each function N times per round, rounds interleaved, and prints min and median per round. */
function report(fns: Record<string, () => unknown>): void {
  const N = 20000;
  const warmUp = 2;
  const rounds = 9;
  const times = new Map<string, number[]>();
  for (let round = 0; round < rounds; round++) {
    for (const [name, next] of Object.entries(fns)) {
      const c0 = process.cpuUsage();
      for (let i = 0; i < N; i++) next();
      const c = process.cpuUsage(c0);
      if (round >= warmUp) times.set(name, [...(times.get(name) ?? []), (c.user + c.system) / N]);
    }
  }
  for (const [name, t] of times) {
    t.sort((a, b) => a - b);
    console.log(name.padEnd(38), `min ${t[0]!.toFixed(3)}  median ${t[t.length >> 1]!.toFixed(3)} µs CPU/batch (${t.length} rounds of ${N})`);
  }
}
