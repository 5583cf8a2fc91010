// µs per fused training step of [2,100,100,1]×100 for each activation, on one batch (no sampling),
// best of 5 rounds: what an activation's kernel costs against ReLU's.
// Usage: npx tsx bench/activations.ts [--engines wasm-single,wasm-f32-single] [--steps 2000]
import { Command } from 'commander';
import { activations, type ActivationName } from '../src/engine/activations.js';
import { createEngine } from '../src/engine/createEngine.js';
import { Batch } from '../src/network/Batch.js';
import { Network } from '../src/network/Network.js';
import { seededRandom } from '../src/random/Random.js';

const opts = new Command()
  .option('--engines <names>', 'engines to time', 'wasm-single,wasm-f32-single')
  .option('--steps <n>', 'steps per round', '2000')
  .parse()
  .opts<{ engines: string; steps: string }>();

const random = seededRandom(1);
const B = 100;
const batch = Batch.fromArrays(Float64Array.from({ length: 2 * B }, () => random.next() - 0.5), Float64Array.from({ length: B }, () => random.next()), B);
const steps = Number(opts.steps);
for (const name of opts.engines.split(',')) {
  const engine = await createEngine(name);
  const cells: string[] = [];
  for (const act of Object.keys(activations) as ActivationName[]) {
    const net = Network.create({ layers: [2, 100, 100, 1], activations: act }, { engine, random: seededRandom(1) });
    let best = Infinity;
    for (let round = 0; round < 5; round++) {
      const t0 = performance.now();
      for (let k = 0; k < steps; k++) net.trainBatch(batch, 0.001);
      best = Math.min(best, ((performance.now() - t0) * 1000) / steps);
    }
    cells.push(`${act} ${best.toFixed(1)}`);
  }
  console.log(`${name.padEnd(16)} ${cells.join('   ')}   µs/step, best of 5`);
}
process.exit(0);
