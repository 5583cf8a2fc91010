import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/createEngine.js';
import { loss, losses } from '../../src/losses/losses.js';
import { Network } from '../../src/network/Network.js';
import { seededRandom } from '../../src/random/Random.js';

describe('losses', () => {
  it('softmax-ce is stable for huge logits (log-sum-exp) and its delta is softmax − t', () => {
    const delta = new Float64Array(3);
    const cost = losses['softmax-ce'].evaluate(Float64Array.of(1000, 0, -1000), Float64Array.of(0, 1, 0), delta, 1, 3);
    expect(cost).toBeCloseTo(1000, 9);
    expect(Array.from(delta)).toEqual([1, -1, 0].map((v) => expect.closeTo(v, 12)));
  });

  it('sigmoid-bce is stable for huge logits (softplus) and its delta is σ(z) − t', () => {
    const delta = new Float64Array(2);
    const cost = losses['sigmoid-bce'].evaluate(Float64Array.of(800, -800), Float64Array.of(0, 0), delta, 1, 2);
    expect(cost).toBeCloseTo(800, 9);
    expect(Array.from(delta)).toEqual([1, 0]);
  });

  it('reports classification accuracy', () => {
    expect(losses['softmax-ce'].accuracy!(Float64Array.of(2, 1, 0, 0, 1, 2), Float64Array.of(1, 0, 0, 1, 0, 0), 2, 3)).toBe(0.5);
    expect(losses['sigmoid-bce'].accuracy!(Float64Array.of(1, -1, 1, 1), Float64Array.of(1, 0, 0, 1), 1, 4)).toBe(0.75);
    expect(losses.mse.accuracy).toBeUndefined();
  });

  it('says how sure a row is of its class: p_top − p_second (softmax-ce), the least sure label’s |2σ − 1| (sigmoid-bce)', () => {
    const softmax = (z: number[]) => z.map((v) => Math.exp(v) / z.reduce((a, w) => a + Math.exp(w), 0));
    const row = [0.3, 2.1, 1.7, -4];
    const p = softmax(row).sort((a, b) => b - a);
    const at = Float64Array.of(9, 9, ...row); // offset 2
    expect(losses['softmax-ce'].confidenceOf!(at, 2, 4)).toBeCloseTo(p[0]! - p[1]!, 14);
    expect(losses['softmax-ce'].confidenceOf!(Float64Array.of(1, 1, -3), 0, 3)).toBe(0); // a tie: on the boundary
    expect(losses['softmax-ce'].confidenceOf!(Float64Array.of(1000, 0, -1000), 0, 3)).toBe(1);
    const sigma = (z: number) => 1 / (1 + Math.exp(-z));
    expect(losses['sigmoid-bce'].confidenceOf!(Float64Array.of(3, -0.4, 2), 0, 3)).toBeCloseTo(Math.abs(2 * sigma(-0.4) - 1), 14);
    expect(losses['sigmoid-bce'].confidenceOf!(Float64Array.of(0.8), 0, 1)).toBeCloseTo(2 * sigma(0.8) - 1, 14);
    expect(losses.mse.confidenceOf).toBeUndefined();
  });

  it('rejects unknown names with a suggestion, and cross-entropy on a non-linear last layer', async () => {
    expect(() => loss('softmax_ce')).toThrow(/unknown loss "softmax_ce" \(did you mean "softmax-ce"\?/);
    const engine = await createEngine('mathjs');
    expect(() => Network.create({ layers: [2, 3], activations: 'sigmoid', loss: 'sigmoid-bce' }, { engine, random: seededRandom(1) })).toThrow(
      /loss: sigmoid-bce needs a linear last layer/,
    );
  });
});
