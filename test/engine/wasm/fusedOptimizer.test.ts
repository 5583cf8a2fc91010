import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/Engine.js';
import { wasmEngine } from '../../../src/engine/wasm/wasmEngine.js';
import { Batch } from '../../../src/network/Batch.js';
import { Network } from '../../../src/network/Network.js';
import { optimizers, type OptimizerName } from '../../../src/optimizers/optimizers.js';
import { seededRandom } from '../../../src/random/Random.js';
import { flat, normwiseRelativeError } from '../../helpers/relativeError.js';

// The fused step runs every optimizer, loss and regularizer inside the one WebAssembly call. It must
// agree with the same rules run kernel by kernel (the generic path, itself held to the numpy oracle),
// give the same bits on any number of threads, and never fall back to the generic kernels.
const losses = [
  { loss: 'mse', last: 'sigmoid', targets: (r: () => number) => r() },
  { loss: 'softmax-ce', last: 'linear', targets: null },
  { loss: 'sigmoid-bce', last: 'linear', targets: (r: () => number) => (r() > 0.5 ? 1 : 0) },
] as const;

function batchFor(layers: number[], size: number, seed: number, loss: (typeof losses)[number]): Batch {
  const r = seededRandom(seed);
  const next = () => r.next();
  const nOut = layers.at(-1)!;
  const x = Float64Array.from({ length: size * layers[0]! }, () => 2 * next() - 1);
  const t = new Float64Array(size * nOut);
  for (let i = 0; i < size; i++) {
    if (loss.targets === null) t[i * nOut + Math.floor(next() * nOut)] = 1;
    else for (let k = 0; k < nOut; k++) t[i * nOut + k] = loss.targets(next);
  }
  return Batch.fromArrays(x, t, size);
}

/** The engine, fusing or not, counting the generic optimizer kernels it runs. */
function counting(engine: Engine, fuse: boolean): { engine: Engine; calls: () => number } {
  let calls = 0;
  const proxy = new Proxy(engine, {
    get(target, key) {
      if (key === 'compileStep' && !fuse) return undefined;
      const value = Reflect.get(target, key) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (key === 'axpby' || key === 'addSquares' || key === 'adaptiveStep' || key === 'regularize') calls++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { engine: proxy, calls: () => calls };
}

function run(engine: Engine, optimizer: OptimizerName, loss: (typeof losses)[number], layers: number[], size: number, steps = 5) {
  const net = Network.create(
    {
      layers, activations: [...layers.slice(2).map(() => 'tanh'), loss.last], loss: loss.loss,
      optimizer: { type: optimizer, lr: 0.01 }, regularization: { l1: 0.001, l2: 0.01 },
      init: { weights: { type: 'uniform', scale: 0.8 }, biases: { type: 'uniform', scale: 0.3 } },
    },
    { engine, random: seededRandom(layers.length + size) },
  );
  const costs = Array.from({ length: steps }, (_, k) => net.trainBatch(batchFor(layers, size, k, loss)));
  const p = net.parameters();
  return { costs, parameters: [...flat(p.weights), ...flat(p.biases)], state: net.optimizer.toJSON() };
}

describe.each(['f64', 'f32'] as const)('the fused %s step with an optimizer', (precision) => {
  const tolerance = precision === 'f64' ? 1e-13 : 1e-5;
  it.each(Object.keys(optimizers).flatMap((o) => losses.map((l) => [o as OptimizerName, l] as const)))('%s on %o agrees with the generic kernels', async (optimizer, loss) => {
    const engine = await wasmEngine({ precision, threads: 1, memoryMiB: 16 });
    const [one, generic] = [counting(engine, true), counting(engine, false)];
    const layers = [3, 13, 7, 4];
    const fused = run(one.engine, optimizer, loss, layers, 11);
    const reference = run(generic.engine, optimizer, loss, layers, 11);
    expect(one.calls()).toBe(0); // one WebAssembly call per step: no generic optimizer kernel ran
    expect(generic.calls()).toBeGreaterThan(0);
    expect(normwiseRelativeError(fused.parameters, reference.parameters)).toBeLessThan(tolerance);
    expect(normwiseRelativeError(fused.costs, reference.costs)).toBeLessThan(tolerance);
    expect(fused.state.step).toBe(5);
    for (const name of Object.keys(fused.state.state)) {
      expect(normwiseRelativeError(flat(fused.state.state[name]), flat(reference.state.state[name]))).toBeLessThan(precision === 'f64' ? 1e-12 : 1e-4);
    }
  });
});

describe('the fused step with an optimizer on threads', () => {
  it('gives the same bits on 1, 2 and 3 threads, for every optimizer (softmax-ce, L1 + L2)', async () => {
    const engines = await Promise.all([1, 2, 3].map((threads) => wasmEngine({ threads, memoryMiB: 32 })));
    try {
      for (const optimizer of Object.keys(optimizers) as OptimizerName[]) {
        const [one, ...more] = engines.map((e) => JSON.stringify(run(e, optimizer, losses[1], [20, 37, 19, 5], 33, 4)));
        for (const other of more) expect(other, optimizer).toBe(one);
      }
    } finally {
      engines.forEach((e) => e.dispose());
    }
  });
});

describe('the fused step with an optimizer probes what it writes', () => {
  it.each(['adam', 'rmsprop', 'momentum'] as const)('%s: a step that overflows a parameter makes isFinite false, a finite one keeps it true', async (optimizer) => {
    const engine = await wasmEngine({ threads: 1, memoryMiB: 16 });
    const make = (lr: number) =>
      Network.create({ layers: [2, 5, 2], activations: ['tanh', 'linear'], optimizer: { type: optimizer, lr } }, { engine, random: seededRandom(1) });
    const batch = batchFor([2, 5, 2], 4, 1, losses[0]);
    const fine = make(0.01);
    fine.trainBatch(batch);
    expect(fine.isFinite()).toBe(true);
    // |step| ≈ lr for Adam and RMSprop: 1e308 pushes some parameter past the largest double.
    const wild = make(1.5e308);
    wild.trainBatch(batch);
    wild.trainBatch(batch);
    expect(wild.isFinite()).toBe(false);
    expect(flat(wild.parameters().weights).some((w) => !Number.isFinite(w))).toBe(true);
  });
});

describe('compileStep with an optimizer', () => {
  it('rejects optimizer state that does not fit the parameters, naming it', async () => {
    const engine = await wasmEngine({ threads: 1, memoryMiB: 16 });
    const z = (r: number, c: number) => engine.zeros(r, c);
    const plan = {
      weights: [z(2, 3)], biases: [z(1, 3)], activations: [], ys: [z(4, 2), z(4, 3)], dfs: [z(4, 3)], deltas: [z(4, 3)],
      dWeights: [z(2, 3)], dBiases: [z(1, 3)], targets: z(4, 3), loss: { name: 'mse', id: 0 }, regularization: { l1: 0, l2: 0 },
      optimizer: { name: 'momentum', id: 1, hyperparameters: { lr: 0.1, momentum: 0.9 }, slots: [[z(2, 3)], [z(3, 1)]] },
    };
    expect(() => engine.compileStep({ ...plan, activations: [{ name: 'linear', id: 0, f: (v) => v, df: () => 1 }] })).toThrow(/optimizer\.slots\[1\]\[0\] is 3×1, expected 1×3/);
  });
});
