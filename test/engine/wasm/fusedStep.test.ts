import { describe, expect, it } from 'vitest';
import { activations, type Activation } from '../../../src/engine/activations.js';
import type { StepPlan } from '../../../src/engine/Engine.js';
import { threadThresholdFlops, wasmEngine, type WasmEngine } from '../../../src/engine/wasm/wasmEngine.js';
import { Batch } from '../../../src/network/Batch.js';
import { Network } from '../../../src/network/Network.js';
import { seededRandom } from '../../../src/random/Random.js';
import { mathjsEngine } from '../../../src/engine/mathjs/mathjsEngine.js';
import { normwiseError } from '../../helpers/relativeError.js';

// Shapes that send the step's products down every GEMM path: narrow output layers, k = 2 inputs,
// batches smaller than a micro-tile, ragged tiles, and a batch not divisible into thread shares.
const nets: { layers: number[]; batch: number }[] = [
  { layers: [2, 13, 7, 3], batch: 11 },
  { layers: [3, 40, 24, 5], batch: 37 },
  { layers: [2, 9, 1], batch: 2 },
  // One output after a hidden layer narrower than a micro-tile, and the seed net: the delta through
  // a one-output layer and the one-value rows' epilogue have loops of their own.
  { layers: [2, 3, 1], batch: 7 },
  { layers: [2, 100, 1], batch: 100 },
  { layers: [20, 64, 64, 10], batch: 65 },
];

const batchFor = (layers: number[], size: number, seed: number): Batch => {
  const r = seededRandom(seed);
  const x = Float64Array.from({ length: size * layers[0]! }, () => 2 * r.next() - 1);
  const t = Float64Array.from({ length: size * layers.at(-1)! }, () => r.next());
  return Batch.fromArrays(x, t, size);
};

/** Costs, parameters and gradients after `steps` steps, as a string compared for bit equality. */
function trainTrace(engine: WasmEngine, layers: number[], size: number, act: string, fused: boolean, steps = 6): string {
  const net = Network.create({ layers, activations: act, init: { weights: { type: 'uniform', scale: 0.8 }, biases: { type: 'uniform', scale: 0.3 } } }, { engine, random: seededRandom(layers.length + size) });
  const costs: number[] = [];
  for (let k = 0; k < steps; k++) {
    const batch = batchFor(layers, size, k);
    if (fused) costs.push(net.trainBatch(batch, 0.05));
    else {
      net.forward(batch);
      costs.push(net.backward(batch));
      net.update(0.05);
    }
  }
  return JSON.stringify({ costs, parameters: net.parameters(), gradients: net.gradients().weights.map((m) => m.toArray()) });
}

describe.each(['f64', 'f32'] as const)('the fused %s step', (precision) => {
  it.each(Object.keys(activations))('equals forward + backward + update through the separate kernels, bit for bit (%s)', async (act) => {
    const engine = await wasmEngine({ precision, threads: 1, memoryMiB: 16 });
    for (const { layers, batch } of nets) {
      expect(trainTrace(engine, layers, batch, act, true), `${layers} × ${batch}`).toBe(trainTrace(engine, layers, batch, act, false));
    }
  });

  it('gives the same bits on 1, 2 and 3 threads, and on a rerun', async () => {
    const engines = await Promise.all([1, 2, 3, 2].map((threads) => wasmEngine({ precision, threads, memoryMiB: 16 })));
    try {
      for (const { layers, batch } of nets) {
        const traces = engines.map((engine) => trainTrace(engine, layers, batch, 'sigmoid', true));
        for (const trace of traces.slice(1)) expect(trace, `${layers} × ${batch}`).toBe(traces[0]);
      }
    } finally {
      engines.forEach((e) => e.dispose());
    }
  });
});

// Inputs that are four-fifths zeros, as images are, send the first layer's products (forward and
// weight gradient) down the sparse path; it must keep every promise the dense path keeps.
describe.each(['f64', 'f32'] as const)('the fused %s step on mostly-zero inputs', (precision) => {
  const sparseNets = [
    { layers: [60, 32, 10], batch: 37 },
    { layers: [200, 48, 24, 3], batch: 130 },
    // Rows of δ 512 bytes or more apart, re-read by more weight rows than the batch has: copied first.
    { layers: [60, 128, 10], batch: 40 },
  ];
  // The MNIST recipe (softmax cross-entropy, Adam), or the squared error and SGD, whose fused step
  // computes exactly what the separate kernels compute.
  const sparseTrace = (engine: WasmEngine, layers: number[], size: number, fused: boolean, recipe: 'mnist' | 'mse'): string => {
    const mnist = { activations: layers.slice(1).map((_, j) => (j === layers.length - 2 ? 'linear' : 'relu')), loss: 'softmax-ce', optimizer: { type: 'adam', lr: 0.01 } } as const;
    const net = Network.create({ layers, ...(recipe === 'mnist' ? mnist : { activations: 'relu', optimizer: { type: 'sgd', lr: 0.05 } }) }, { engine, random: seededRandom(size) });
    const costs: number[] = [];
    for (let k = 0; k < 5; k++) {
      const r = seededRandom(100 + k);
      const x = Float64Array.from({ length: size * layers[0]! }, () => (r.next() < 0.2 ? r.next() : 0));
      const t = new Float64Array(size * layers.at(-1)!);
      for (let i = 0; i < size; i++) t[i * layers.at(-1)! + (i % layers.at(-1)!)] = 1;
      const batch = Batch.fromArrays(x, t, size);
      if (fused) costs.push(net.trainBatch(batch));
      else {
        net.forward(batch);
        costs.push(net.backward(batch));
        net.update();
      }
    }
    return JSON.stringify({ costs, parameters: net.parameters(), gradients: net.gradients().weights.map((m) => m.toArray()) });
  };

  it('gives the same bits on 1, 2 and 3 threads, and the separate kernels\' bits', async () => {
    const engines = await Promise.all([1, 2, 3].map((threads) => wasmEngine({ precision, threads, memoryMiB: 32 })));
    try {
      for (const { layers, batch } of sparseNets) {
        for (const recipe of ['mnist', 'mse'] as const) {
          const single = sparseTrace(engines[0]!, layers, batch, true, recipe);
          for (const engine of engines.slice(1)) expect(sparseTrace(engine, layers, batch, true, recipe), `${layers} × ${batch}, ${engine.maxThreads} threads, ${recipe}`).toBe(single);
        }
        expect(sparseTrace(engines[0]!, layers, batch, false, 'mse'), `${layers} × ${batch}, separate kernels`).toBe(sparseTrace(engines[0]!, layers, batch, true, 'mse'));
        // And the reference engine's values, which never skip a zero.
        const numbers = (trace: string): Float64Array => Float64Array.from(JSON.stringify(JSON.parse(trace)).match(/-?\d[\d.e+-]*/g)!.map(Number));
        const reference = numbers(sparseTrace(mathjsEngine() as unknown as WasmEngine, layers, batch, true, 'mnist'));
        expect(normwiseError(numbers(sparseTrace(engines[0]!, layers, batch, true, 'mnist')), reference), `${layers} × ${batch} against mathjs`).toBeLessThan(precision === 'f64' ? 1e-12 : 1e-4);
      }
    } finally {
      engines.forEach((e) => e.dispose());
    }
  });
});

/** A plan of fresh tensors, as the network lays it out. */
function planFor(engine: WasmEngine, layers: number[], size: number, act: Activation): StepPlan {
  const L = layers.length - 1;
  const per = (f: (j: number) => ReturnType<WasmEngine['zeros']>) => Array.from({ length: L }, (_, j) => f(j));
  return {
    weights: per((j) => engine.zeros(layers[j]!, layers[j + 1]!)),
    biases: per((j) => engine.zeros(1, layers[j + 1]!)),
    activations: layers.slice(1).map(() => act),
    ys: layers.map((n) => engine.zeros(size, n)),
    dfs: per((j) => engine.zeros(size, layers[j + 1]!)),
    deltas: per((j) => engine.zeros(size, layers[j + 1]!)),
    dWeights: per((j) => engine.zeros(layers[j]!, layers[j + 1]!)),
    dBiases: per((j) => engine.zeros(1, layers[j + 1]!)),
    targets: engine.zeros(size, layers[L]!),
    loss: { name: 'mse', id: 0 },
    optimizer: { name: 'sgd', id: 0, hyperparameters: { lr: 0.001 }, slots: [] },
    regularization: { l1: 0, l2: 0 },
  };
}

describe('threads: "auto"', () => {
  it(`uses worker threads only for steps of at least ${threadThresholdFlops / 1e6} MFLOP, with unchanged results`, async () => {
    const engine = await wasmEngine({ threads: 'auto', memoryMiB: 32 });
    try {
      const small = engine.compileStep(planFor(engine, [2, 100, 1], 100, activations.relu));
      const large = engine.compileStep(planFor(engine, [200, 100, 10], 64, activations.relu)); // 6·64·(20000 + 1000) ≈ 8 MFLOP
      expect(small!.threads).toBe(1);
      expect(large!.threads).toBe(engine.maxThreads);
      await engine.startThreads();
      const single = await wasmEngine({ threads: 1, memoryMiB: 32 });
      expect(trainTrace(engine, [200, 100, 10], 64, 'tanh', true, 3)).toBe(trainTrace(single, [200, 100, 10], 64, 'tanh', true, 3));
    } finally {
      engine.dispose();
    }
  });

  it('rejects a plan whose tensors do not fit together', async () => {
    const engine = await wasmEngine({ threads: 1, memoryMiB: 16 });
    const plan = planFor(engine, [2, 5, 1], 4, activations.relu);
    expect(() => engine.compileStep({ ...plan, targets: engine.zeros(3, 1) })).toThrow(/targets is 3×1, expected 4×1/);
    expect(() => engine.compileStep({ ...plan, dfs: plan.dfs.slice(1) })).toThrow(/per-layer lists differ/);
  });
});
