// What first touching memory costs on this machine: µs to fill a [784,256,10] bench batch's
// 1.6 MB of draws into a Float64Array allocated afresh for each batch (as a sampler's batches
// are: a consumer may keep them), against the same fill into one array reused. Fresh memory
// costs page faults and zeroing, and it comes in stretches: glibc hands freed memory back to
// the kernel after a GC frees many batches, and the next batches fault it in again.
// Usage: npx tsx bench/fresh-memory-cost.ts
import { fillUniform, seededRandom } from '../src/random/Random.js';

const doubles = 256 * 784;
const random = seededRandom(3);
const reused = new Float64Array(doubles);
for (const fresh of [false, true, false, true]) {
  const times: number[] = [];
  for (let k = 0; k < 80; k++) {
    const out = fresh ? new Float64Array(doubles) : reused;
    const start = performance.now();
    fillUniform(random, out, 0, doubles);
    times.push((performance.now() - start) * 1000);
  }
  const sorted = times.slice(1).sort((a, b) => a - b);
  const q = (p: number): string => sorted[Math.floor(p * (sorted.length - 1))]!.toFixed(0);
  console.log(`${fresh ? 'fresh array ' : 'reused array'} µs per fill: min ${q(0)}, median ${q(0.5)}, max ${q(1)}; in order: ${times.map((t) => t.toFixed(0)).join(' ')}`);
}
