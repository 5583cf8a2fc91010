// Where an MNIST training step's time goes outside the engine: µs per step (wall and process CPU)
// of the `mnist` sampler alone, of the sampler feeding `net.trainBatch` directly, and of the full
// pipeline (sampler → `train`), on the reference recipe ([784,256,10], softmax-ce, Adam, batch 64),
// 2 epochs per round, 4 rounds. Compare with the engine alone: `npx tsx bench/mnistPipelineCost.ts wasm-f32 engine`.
// Usage: npx tsx bench/mnistPipelineCost.ts [engine] [sampler|direct|pipeline|engine]
import { lastValueFrom, map, toArray } from 'rxjs';
import { createEngine } from '../src/engine/createEngine.js';
import { Network } from '../src/network/Network.js';
import { train } from '../src/operators/train.js';
import { seededRandom } from '../src/random/Random.js';
import { loadMnist } from '../src/samplers/mnist/loadMnist.js';
import { mnist } from '../src/samplers/mnist/mnist.js';

const digits = await loadMnist();
const engine = await createEngine(process.argv[2] ?? 'wasm-f32');
const mode = process.argv[3] ?? 'pipeline';
const make = () =>
  Network.create(
    { layers: [784, 256, 10], activations: ['relu', 'linear'], loss: 'softmax-ce', optimizer: { type: 'adam', lr: 0.001 }, init: { weights: { type: 'xavier' }, biases: { type: 'zeros' } } },
    { engine, random: seededRandom(1) },
  );
// The split is made once, before any clock starts: only the batches' cost is timed.
const batches = mnist(digits, { batchSize: 64, epochs: 2, seed: 1, dropRemainder: false }).train;
const sampler = () => batches;
// For the engine alone, the batches are made before the clock starts.
const ready = mode === 'engine' ? await lastValueFrom(sampler().pipe(toArray())) : [];
for (let round = 0; round < 4; round++) {
  const net = make();
  const start = performance.now();
  const cpu = process.cpuUsage();
  let steps = 0;
  if (mode === 'sampler') await lastValueFrom(sampler().pipe(map(() => steps++)));
  else if (mode === 'direct') await lastValueFrom(sampler().pipe(map((b) => (steps++, net.trainBatch(b)))));
  else if (mode === 'engine') for (const b of ready) (steps++, net.trainBatch(b));
  else await lastValueFrom(sampler().pipe(train(net, {}), map(() => steps++)));
  const used = process.cpuUsage(cpu);
  console.log(`${mode.padEnd(8)} ${(((performance.now() - start) * 1000) / steps).toFixed(0).padStart(5)} µs/step wall, ${((used.user + used.system) / steps).toFixed(0).padStart(5)} µs/step CPU (${steps} steps)`);
  net.dispose();
}
process.exit(0);
