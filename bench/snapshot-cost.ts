// CPU time (process.cpuUsage, min over rounds: robust on a loaded machine) of a 40×40 snapshot of the seed net and its parts. Usage: npx tsx bench/snapshot-cost.ts [engine]
import { Network } from '../src/network/Network.js';
import { seededRandom } from '../src/random/Random.js';
import { snapshotter } from '../src/operators/snapshotter.js';
import { gridInputs, gridOver } from '../src/operators/grid.js';
import { toMatrix } from '../src/network/matrix.js';
import { createEngine } from '../src/engine/createEngine.js';
const engine = await createEngine(process.argv[2] ?? 'wasm');
const net = Network.create({ layers: [2, 100, 1], activations: 'relu' }, { engine, random: seededRandom(1) });
const shoot = snapshotter(net);
const grid = gridOver(undefined); const pts = gridInputs(grid, 2); const out = new Float64Array(1600);
const cases: Record<string, () => unknown> = {
  'snapshot (taken)': () => shoot({ step: 1, cost: 0, time: 0 }),
  'snapshot + read all': () => { const s = shoot({ step: 1, cost: 0, time: 0 }); return [s.prediction, s.weights, s.biases]; },
  'predictInto 1600': () => net.predictInto(pts, 1600, out),
  'toMatrix 40x40': () => toMatrix(out, 40, 40),
  'weights()': () => net.weights(),
  'biases()': () => net.biases(),
};
const N = 300; const best: Record<string, number> = {};
for (let round = 0; round < 8; round++) for (const [name, f] of Object.entries(cases)) {
  const c0 = process.cpuUsage(); for (let k = 0; k < N; k++) f(); const c = process.cpuUsage(c0);
  best[name] = Math.min(best[name] ?? 1e9, (c.user + c.system) / N);
}
for (const [k, v] of Object.entries(best)) console.log(k.padEnd(24), v.toFixed(1), 'µs CPU (min of 8 × 300)');
