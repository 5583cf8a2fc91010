// µs per fused training step with each optimizer against SGD, on one batch (no sampling), the
// optimizers interleaved with SGD round by round: the ratio is the median of paired back-to-back
// ratios (with its interquartile range), because a shared machine drifts more than the difference.
// The clock is this process's CPU time by default (on a machine shared with other work, wall time
// also counts the time the scheduler gives to others); `--clock wall` for wall time.
// Usage: npx tsx bench/optimizers.ts [--engines wasm,wasm-f32] [--nets seed,mnist] [--optimizers adam,momentum] [--rounds 15] [--clock cpu|wall]
import { Command } from 'commander';
import { createEngine } from '../src/engine/createEngine.js';
import type { WasmEngine } from '../src/engine/wasm/wasmEngine.js';
import { Batch } from '../src/network/Batch.js';
import { Network } from '../src/network/Network.js';
import type { OptimizerName } from '../src/optimizers/optimizers.js';
import { seededRandom } from '../src/random/Random.js';

const nets: Record<string, { layers: number[]; batch: number }> = {
  seed: { layers: [2, 100, 1], batch: 100 },
  mnist: { layers: [784, 256, 10], batch: 256 },
};
const opts = new Command()
  .option('--engines <names>', 'engines to time', 'wasm,wasm-f32')
  .option('--nets <ids>', `networks: ${Object.keys(nets).join(', ')}`, 'seed,mnist')
  .option('--optimizers <names>', 'optimizers to time against sgd', 'adam')
  .option('--rounds <n>', 'paired rounds', '15')
  .option('--clock <kind>', 'cpu (this process, all its threads) or wall', 'cpu')
  .parse()
  .opts<{ engines: string; nets: string; optimizers: string; rounds: string; clock: string }>();
/** Microseconds on the chosen clock. */
const now = opts.clock === 'wall' ? () => performance.now() * 1000 : () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (at - lo);
};

for (const id of opts.nets.split(',')) {
  const { layers, batch: B } = nets[id]!;
  const random = seededRandom(1);
  const batch = Batch.fromArrays(
    Float64Array.from({ length: B * layers[0]! }, () => random.next() - 0.5),
    Float64Array.from({ length: B * layers.at(-1)! }, () => random.next()),
    B,
  );
  for (const engineName of opts.engines.split(',')) {
    const engine = await createEngine(engineName);
    await (engine as Partial<WasmEngine>).startThreads?.();
    const make = (type: OptimizerName) =>
      Network.create({ layers, activations: 'relu', optimizer: { type, lr: 1e-4 }, init: { weights: { type: 'uniform', scale: 0.1 }, biases: { type: 'zeros' } } }, { engine, random: seededRandom(1) });
    const time = (net: Network, steps: number): number => {
      const t0 = now();
      for (let k = 0; k < steps; k++) net.trainBatch(batch);
      return (now() - t0) / steps;
    };
    const sgd = make('sgd');
    // ~100 ms per measurement.
    let steps = 1;
    while (time(sgd, steps) * steps < 1e5 && steps < 1 << 16) steps *= 2;
    for (const name of opts.optimizers.split(',') as OptimizerName[]) {
      const other = make(name);
      time(other, steps);
      const ratios: number[] = [];
      const mine: number[] = [];
      const base: number[] = [];
      for (let round = 0; round < Number(opts.rounds); round++) {
        // Alternate which goes first, so a drift inside a pair does not favour one.
        const [a, b] = round % 2 ? [time(other, steps), time(sgd, steps)] : [time(sgd, steps), time(other, steps)].reverse();
        mine.push(a!);
        base.push(b!);
        ratios.push(a! / b!);
      }
      console.log(
        `${id.padEnd(6)} ${engineName.padEnd(10)} ${name.padEnd(9)} ${quantile(mine, 0.5).toFixed(1).padStart(9)} µs  sgd ${quantile(base, 0.5).toFixed(1).padStart(9)} µs  ` +
          `${name}/sgd ${quantile(ratios, 0.5).toFixed(3)} (IQR ${quantile(ratios, 0.25).toFixed(3)}–${quantile(ratios, 0.75).toFixed(3)}, ${ratios.length} paired rounds of ${steps} steps, ${opts.clock} clock)`,
      );
    }
    (engine as Partial<WasmEngine>).dispose?.();
  }
}
process.exit(0);
