import { afterAll, describe, expect, it } from 'vitest';
import { activations } from '../../src/engine/activations.js';
import { createEngine } from '../../src/engine/createEngine.js';
import { Batch } from '../../src/network/Batch.js';
import { Network } from '../../src/network/Network.js';
import { seededRandom } from '../../src/random/Random.js';
import { flat } from '../helpers/relativeError.js';
import { engineCases } from '../engine/engines.js';

// Finite-difference check of every weight and bias: the analytic gradient of C/2 (what the update
// follows) against a fourth-order central difference of C/2 evaluated in float64 on the mathjs
// reference (so f32 engines are checked against exact mathematics, not against themselves).
const architectures = [
  [2, 4, 1],
  [3, 5, 4, 2],
  [2, 4, 3, 3, 2],
];
const h = 1e-4;
/**
 * The difference quotient carries ~1e-13 of rounding noise (ε·C/h), so a gradient that is exactly 0
 * (a dead ReLU unit) reads as ~1e-13: magnitudes below this floor are compared absolutely, i.e. to 1e-12.
 */
const magnitudeFloor = 1e-6;

const worstGradientError: Record<string, number> = {};
// The closing notes quote this figure.
afterAll(() => console.log('worst gradient-check relative error per engine:', worstGradientError));

describe.each(engineCases)('finite-difference gradient check on $name', (c) => {
  describe.each(Object.keys(activations))('%s', (act) => {
    it.each(architectures.flatMap((layers) => [1, 7].map((B) => [layers, B] as const)))('layers %j, batch %i', async (layers, B) => {
      const engine = await c.make();
      const reference = await createEngine('mathjs');
      const random = seededRandom(layers.length * 31 + B);
      const net = Network.create({ layers, activations: act, init: { weights: { type: 'uniform', scale: 1 }, biases: { type: 'uniform', scale: 0.5 } } }, { engine, random });
      const x = Array.from({ length: B }, () => Array.from({ length: layers[0]! }, () => 2 * random.next() - 1));
      const t = Array.from({ length: B }, () => Array.from({ length: layers.at(-1)! }, () => random.next()));
      const batch = Batch.of(x, t);
      net.forward(batch);
      net.backward(batch);
      const g = net.gradients();
      const analytic = [...g.weights.flatMap((m) => flat(m.toArray())), ...g.biases.flatMap((m) => flat(m.toArray()))];

      const probe = net.clone(reference);
      const params = probe.parameters();
      const slots: { get: () => number; set: (v: number) => void }[] = [
        ...params.weights.flatMap((w) => w.flatMap((row) => row.map((_, j) => ({ get: () => row[j]!, set: (v: number) => (row[j] = v) })))),
        ...params.biases.flatMap((b) => b.map((_, j) => ({ get: () => b[j]!, set: (v: number) => (b[j] = v) }))),
      ];
      const halfCost = (slot: (typeof slots)[number], v: number): number => {
        const saved = slot.get();
        slot.set(v);
        probe.setParameters(params);
        slot.set(saved);
        return probe.evaluate(batch) / 2;
      };
      let worst = 0;
      slots.forEach((slot, k) => {
        const w = slot.get();
        const numeric = (-halfCost(slot, w + 2 * h) + 8 * halfCost(slot, w + h) - 8 * halfCost(slot, w - h) + halfCost(slot, w - 2 * h)) / (12 * h);
        const a = analytic[k]!;
        const err = Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), magnitudeFloor);
        worst = Math.max(worst, err);
      });
      worstGradientError[c.name] = Math.max(worstGradientError[c.name] ?? 0, worst);
      expect(analytic.length).toBe(slots.length);
      expect(worst).toBeLessThan(c.gradientTolerance);
    });
  });
});
