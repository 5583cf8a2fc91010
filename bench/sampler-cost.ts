// CPU time (process.cpuUsage, min over rounds: robust on a loaded machine) of a 100-point 2-D batch of the seed function: columns (compiled expression), the old per-point expression path, a TypeScript callback. Usage: npx tsx bench/sampler-cost.ts
import { seededRandom } from '../src/random/Random.js';
import { functionBatchMaker } from '../src/samplers/fromFunction.js';
import { compileTarget } from '../src/samplers/compileTarget.js';

const expr = 'exp(-5*(x^2+y^2))*abs(x+y)';
const box: [number, number][] = [[-0.5, 0.5], [-0.5, 0.5]];
const perPoint = compileTarget(expr, 2);
const makers: Record<string, () => unknown> = {
  columns: functionBatchMaker({ target: expr, box, batchSize: 100 })(seededRandom(1)),
  'per-point (old expression path)': functionBatchMaker({ target: (x) => perPoint(x), box, batchSize: 100 })(seededRandom(1)),
  'ts callback': functionBatchMaker({ target: (x) => Math.exp(-5 * (x[0]! ** 2 + x[1]! ** 2)) * Math.abs(x[0]! + x[1]!), box, batchSize: 100 })(seededRandom(1)),
};
const N = 20000;
for (let round = 0; round < 7; round++) {
  for (const [name, next] of Object.entries(makers)) {
    const c0 = process.cpuUsage();
    for (let k = 0; k < N; k++) next();
    const c = process.cpuUsage(c0);
    if (round >= 2) console.log(name.padEnd(34), (((c.user + c.system) / N)).toFixed(3), 'µs CPU/batch');
  }
}
