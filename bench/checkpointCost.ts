// The cost of one CLI checkpoint (Network.toJSON with Adam state, history append, state.json with fsync)
// for the seed net and the MNIST net: npx tsx bench/checkpointCost.ts (not a test; noisy on a shared machine).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunCheckpoints } from '../src/cli/RunCheckpoints.js';
import { createEngine } from '../src/engine/createEngine.js';
import { Network } from '../src/network/Network.js';
import { seededRandom } from '../src/random/Random.js';
const engine = await createEngine('wasm');
for (const layers of [[2, 100, 1], [784, 256, 10]]) {
  const net = Network.create({ layers, activations: 'relu', optimizer: { type: 'adam' } }, { engine, random: seededRandom(1) });
  const dir = mkdtempSync(join(tmpdir(), 'ckcost-'));
  const cps = RunCheckpoints.start(dir, undefined);
  const times: number[] = [];
  let bytes = 0;
  for (let k = 1; k <= 5; k++) {
    const t0 = performance.now();
    const c = { format: 'rxprop-checkpoint' as const, version: 1 as const, step: k, time: k, network: net.toJSON(), position: { kind: 'function', batches: k, random: [1, 2, 3, 4] } };
    cps.save(c);
    times.push(performance.now() - t0);
    bytes = JSON.stringify(c).length;
  }
  times.sort((a, b) => a - b);
  console.log(`${JSON.stringify(layers)} adam: checkpoint ${(bytes / 1e6).toFixed(2)} MB, save median ${times[2]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)})`);
}
process.exit(0);
