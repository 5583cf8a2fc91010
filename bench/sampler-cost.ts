// CPU time (process.cpuUsage: robust on a loaded machine) of a 100-point 2-D batch of the seed function, min and median over rounds after warm-up: the compiled expression (one generated loop per batch, compileBatchKernel), the old per-point expression path, a TypeScript callback. Usage: npx tsx bench/sampler-cost.ts
import { seededRandom } from '../src/random/Random.js';
import { functionBatchMaker } from '../src/samplers/fromFunction.js';
import { compileTarget } from '../src/samplers/compileTarget.js';

const expr = 'exp(-5*(x^2+y^2))*abs(x+y)';
const box: [number, number][] = [[-0.5, 0.5], [-0.5, 0.5]];
const perPoint = compileTarget(expr, 2);
const makers: Record<string, () => unknown> = {
  'compiled expression': functionBatchMaker({ target: expr, box, batchSize: 100 })(seededRandom(1)),
  'per-point (old expression path)': functionBatchMaker({ target: (x) => perPoint(x), box, batchSize: 100 })(seededRandom(1)),
  'ts callback': functionBatchMaker({ target: (x) => Math.exp(-5 * (x[0]! ** 2 + x[1]! ** 2)) * Math.abs(x[0]! + x[1]!), box, batchSize: 100 })(seededRandom(1)),
};
const N = 20000;
const warmUp = 2;
const rounds = 9;
const times = new Map<string, number[]>();
for (let round = 0; round < rounds; round++) {
  for (const [name, next] of Object.entries(makers)) {
    const c0 = process.cpuUsage();
    for (let k = 0; k < N; k++) next();
    const c = process.cpuUsage(c0);
    if (round >= warmUp) times.set(name, [...(times.get(name) ?? []), (c.user + c.system) / N]);
  }
}
for (const [name, t] of times) {
  t.sort((a, b) => a - b);
  console.log(name.padEnd(34), `min ${t[0]!.toFixed(3)}  median ${t[t.length >> 1]!.toFixed(3)} µs CPU/batch (${t.length} rounds of ${N})`);
}
