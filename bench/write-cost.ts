// Wall time of loading an MNIST batch into a wasm engine: writeRows of 64 random rows of the
// training set (what the `mnist` sampler's batches cost a step) and write of a contiguous 64 × 784
// array already in cache, in f64 or f32 (where the engine demotes the doubles itself).
// Usage: npx tsx bench/write-cost.ts [f64|f32]
import { wasmEngine } from '../src/engine/wasm/wasmEngine.js';
import { seededRandom } from '../src/random/Random.js';
import { loadMnist } from '../src/samplers/mnist/loadMnist.js';
import { mnistSplit } from '../src/samplers/mnist/mnistSplit.js';

const precision = process.argv[2] === 'f32' ? 'f32' : 'f64';
const engine = await wasmEngine({ precision, threads: 1 });
const { x } = mnistSplit(await loadMnist()).train;
const count = x.length / 784;
const tensor = engine.zeros(64, 784);
const random = seededRandom(3);
const rows = new Uint32Array(64);
const contiguous = x.slice(0, 64 * 784);
const reps = 2000;
for (let round = 0; round < 5; round++) {
  let start = performance.now();
  for (let i = 0; i < reps; i++) {
    for (let k = 0; k < 64; k++) rows[k] = Math.floor(random.next() * count);
    engine.writeRows(tensor, x, rows);
  }
  const gathered = ((performance.now() - start) * 1000) / reps;
  start = performance.now();
  for (let i = 0; i < reps; i++) engine.write(tensor, contiguous);
  const written = ((performance.now() - start) * 1000) / reps;
  console.log(`${precision}: writeRows of 64 random rows ${gathered.toFixed(1)} µs, write of a cached 64×784 array ${written.toFixed(1)} µs`);
}
engine.dispose();
