import { describe, expect, it } from 'vitest';
import { Batch } from '../../src/network/Batch.js';
import { classify } from '../../src/sinks/classify.js';

describe('classify', () => {
  it('compares the largest output of each row with the largest target, without training', () => {
    // 4 rows, 3 classes; the outputs are logits (any scale), the targets one-hot.
    const outputs = Float64Array.of(2, 1, 0, /**/ -1, -3, -2, /**/ 0, 5, 4, /**/ 1, 1, 3);
    const targets = Float64Array.of(1, 0, 0, /**/ 0, 1, 0, /**/ 0, 1, 0, /**/ 0, 0, 1);
    const batch = Batch.fromFiniteArrays(new Float64Array(4 * 2), targets, 4);
    const calls: number[] = [];
    const network = {
      layers: [2, 3],
      depth: 1,
      predictInto: (x: Float64Array, rows: number) => (calls.push(rows), expect(x).toBe(batch.x), outputs),
    };
    const { classes, actual, predicted, accuracy } = classify(network, batch);
    expect(classes).toBe(3);
    expect([...actual]).toEqual([0, 1, 1, 2]);
    expect([...predicted]).toEqual([0, 0, 1, 2]);
    expect(accuracy).toBe(0.75);
    expect(calls).toEqual([4]);
  });
});
