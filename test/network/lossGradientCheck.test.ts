import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/createEngine.js';
import { Batch } from '../../src/network/Batch.js';
import { Network } from '../../src/network/Network.js';
import { seededRandom } from '../../src/random/Random.js';
import { flat } from '../helpers/relativeError.js';
import { engineCases } from '../engine/engines.js';

// Finite-difference check of the gradient every loss and regularizer feeds the optimizer: the
// analytic gradient against a fourth-order central difference of the objective written here from
// the oracle's definitions, J = scale · C + l2/2 · Σw² + l1 · Σ|w| (scale 1/2 for mse, 1 for the
// cross-entropies; C from the mathjs reference in float64; biases never regularized).
const scale: Record<string, number> = { mse: 0.5, 'softmax-ce': 1, 'sigmoid-bce': 1 };
const nets: Record<string, { layers: number[]; activations: string[] }[]> = {
  mse: [
    { layers: [3, 5, 4, 3], activations: ['sigmoid', 'relu', 'tanh'] },
    { layers: [2, 6, 3], activations: ['tanh', 'linear'] },
  ],
  // Cross-entropies take logits: a linear last layer; the hidden layers cover every activation.
  'softmax-ce': [
    { layers: [3, 5, 4, 3], activations: ['sigmoid', 'relu', 'linear'] },
    { layers: [2, 6, 3], activations: ['tanh', 'linear'] },
  ],
  'sigmoid-bce': [
    { layers: [3, 5, 4, 3], activations: ['sigmoid', 'relu', 'linear'] },
    { layers: [2, 6, 3], activations: ['tanh', 'linear'] },
  ],
};
const regularizations = [{ l1: 0, l2: 0 }, { l1: 0.01, l2: 0 }, { l1: 0, l2: 0.03 }, { l1: 0.02, l2: 0.05 }];
const h = 1e-4;
const magnitudeFloor = 1e-6;

/** Targets the loss is defined on: one-hot rows (softmax-ce), 0/1 labels (sigmoid-bce), any numbers (mse). */
function targets(loss: string, rows: number, cols: number, next: () => number): number[][] {
  return Array.from({ length: rows }, () => {
    if (loss === 'softmax-ce') {
      const k = Math.floor(next() * cols);
      return Array.from({ length: cols }, (_, j) => (j === k ? 1 : 0));
    }
    return Array.from({ length: cols }, () => (loss === 'sigmoid-bce' ? (next() > 0.5 ? 1 : 0) : next()));
  });
}

const worstError: Record<string, number> = {};
afterAll(() => console.log('worst loss/regularization gradient-check relative error per engine:', worstError));

const cases = Object.entries(nets).flatMap(([loss, specs]) =>
  specs.flatMap((spec) => regularizations.flatMap((reg) => [1, 7].map((B) => ({ loss, spec, reg, B, label: `${loss} ${spec.layers.join('-')} ${spec.activations.join(',')} l1=${reg.l1} l2=${reg.l2} batch ${B}` })))),
);

describe.each(engineCases)('loss and regularization gradient check on $name', (c) => {
  it.each(cases)('$label', async ({ loss, spec, reg, B }) => {
    const random = seededRandom(spec.layers.length * 31 + B + 7 * reg.l1 * 100 + reg.l2 * 1000);
    const net = Network.create(
      { ...spec, loss, regularization: reg, init: { weights: { type: 'uniform', scale: 1 }, biases: { type: 'uniform', scale: 0.5 } } },
      { engine: await c.make(), random },
    );
    const next = () => random.next();
    const x = Array.from({ length: B }, () => Array.from({ length: spec.layers[0]! }, () => 2 * next() - 1));
    const batch = Batch.of(x, targets(loss, B, spec.layers.at(-1)!, next));
    net.forward(batch);
    net.backward(batch);
    const g = net.gradients();
    const analytic = [...g.weights.flatMap((m) => flat(m.toArray())), ...g.biases.flatMap((m) => flat(m.toArray()))];

    const probe = net.clone(await createEngine('mathjs'));
    const params = probe.parameters();
    const slots = [
      ...params.weights.flatMap((w) => w.flatMap((row) => row.map((_, j) => ({ row, j, weight: true })))),
      ...params.biases.map((b) => b.map((_, j) => ({ row: b, j, weight: false }))).flat(),
    ];
    const objective = (): number => {
      probe.setParameters(params);
      const weights = flat(params.weights);
      const penalty = weights.reduce((sum, w) => sum + (reg.l2 / 2) * w * w + reg.l1 * Math.abs(w), 0);
      return scale[loss]! * probe.evaluate(batch) + penalty;
    };
    const at = (slot: (typeof slots)[number], v: number): number => {
      const saved = slot.row[slot.j]!;
      slot.row[slot.j] = v;
      const j = objective();
      slot.row[slot.j] = saved;
      return j;
    };
    let worst = 0;
    slots.forEach((slot, k) => {
      const w = slot.row[slot.j]!;
      const numeric = (-at(slot, w + 2 * h) + 8 * at(slot, w + h) - 8 * at(slot, w - h) + at(slot, w - 2 * h)) / (12 * h);
      const a = analytic[k]!;
      worst = Math.max(worst, Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), magnitudeFloor));
    });
    worstError[c.name] = Math.max(worstError[c.name] ?? 0, worst);
    expect(analytic.length).toBe(slots.length);
    expect(worst).toBeLessThan(c.gradientTolerance);
  });
});
