import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// V8 runs every wasm function's first calls on its baseline compiler (Liftoff), and Node 20's
// Liftoff mis-compiles code that follows `memory.atomic.notify`: threaded steps once crashed or hung
// there. Forcing Liftoff for everything (and an ES-module entry, which makes eval workers ES
// modules too) must still give the single-threaded bits.
const script = `
import { wasmEngine } from './src/engine/wasm/wasmEngine.ts';
import { Network } from './src/network/Network.ts';
import { Batch } from './src/network/Batch.ts';
import { seededRandom } from './src/random/Random.ts';
const traces = [];
for (const threads of [1, 2, 3]) {
  const engine = await wasmEngine({ threads, memoryMiB: 16 });
  const costs = [];
  for (const [layers, size] of [[[2, 13, 7, 3], 11], [[5, 100, 30, 2], 37]]) {
    const net = Network.create({ layers, activations: 'tanh' }, { engine, random: seededRandom(3) });
    const r = seededRandom(5);
    const batch = Batch.fromArrays(Float64Array.from({ length: size * layers[0] }, () => r.next()), Float64Array.from({ length: size * layers.at(-1) }, () => r.next()), size);
    for (let k = 0; k < 5; k++) costs.push(net.trainBatch(batch, 0.1));
  }
  traces.push(costs);
  engine.dispose();
}
console.log(JSON.stringify(traces));
process.exit(0);
`;

describe('threads under the baseline wasm compiler only', () => {
  it('run to the same bits as one thread', () => {
    const out = execFileSync(process.execPath, ['--liftoff-only', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../../../', import.meta.url)),
      encoding: 'utf8',
      timeout: 25_000, // under the test timeout, so a hang fails instead of stalling the run
    });
    const [single, two, three] = JSON.parse(out) as number[][];
    expect(single).toHaveLength(10);
    expect(two).toEqual(single);
    expect(three).toEqual(single);
  });
});
